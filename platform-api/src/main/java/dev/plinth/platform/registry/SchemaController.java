package dev.plinth.platform.registry;

import dev.plinth.platform.registry.definition.DefinitionValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Schema", description = "The published JSON Schema of app definitions")
class SchemaController {

    private final byte[] schema;

    SchemaController() {
        try (InputStream in = new ClassPathResource(DefinitionValidator.SCHEMA_RESOURCE).getInputStream()) {
            this.schema = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The app-definition schema is missing from the classpath", e);
        }
    }

    @GetMapping(path = "/api/v1/schema/app-definition", produces = {"application/schema+json",
            MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "JSON Schema (draft 2020-12) of the app definition format plinth.dev/v1",
            description = "Public: tools fetch it to generate valid definitions.")
    ResponseEntity<byte[]> appDefinition() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .contentType(MediaType.parseMediaType("application/schema+json"))
                .body(schema);
    }
}
