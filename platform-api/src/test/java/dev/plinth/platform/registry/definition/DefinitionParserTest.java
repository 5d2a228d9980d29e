package dev.plinth.platform.registry.definition;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.plinth.platform.registry.definition.Definitions.json;
import static dev.plinth.platform.registry.definition.Definitions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionParserTest {

    @Test
    void yamlValuesGetTheLineOfTheirKey() {
        ParsedDefinition example = Definitions.PARSER.parse(Definitions.exampleBytes(), DefinitionFormat.YAML);

        assertThat(example.document().at("/metadata/name").asString()).isEqualTo("support-assistant");
        assertThat(example.lineOf("/metadata/name")).isEqualTo(8);
        assertThat(example.lineOf("/spec/workflows")).isEqualTo(55);
        assertThat(example.lineOf("/spec/workflows/0/steps/3")).isEqualTo(91);
        assertThat(example.lineOf("/spec/workflows/0/steps/3/connector")).isEqualTo(93);
        assertThat(example.lineOf("/spec/workflows/1/steps/1/do/0/connector")).isEqualTo(175);
    }

    @Test
    void absentPointerFallsBackToItsNearestEnclosingValue() {
        ParsedDefinition example = Definitions.PARSER.parse(Definitions.exampleBytes(), DefinitionFormat.YAML);

        assertThat(example.lineOf("/spec/workflows/0/steps/3/missing/deeper")).isEqualTo(91);
        assertThat(example.lineOf("")).isEqualTo(5);
    }

    @Test
    void jsonValuesGetLinesToo() {
        ParsedDefinition definition = json("""
                {
                  "apiVersion": "plinth.dev/v1",
                  "metadata": {
                    "name": "demo",
                    "labels": {"a/b": "x"}
                  },
                  "spec": {"workflows": [
                    {"name": "w"},
                    {"name": "v"}
                  ]}
                }
                """);

        assertThat(definition.lineOf("/metadata/name")).isEqualTo(4);
        assertThat(definition.lineOf("/metadata/labels/a~1b")).isEqualTo(5);
        assertThat(definition.lineOf("/spec/workflows/1/name")).isEqualTo(9);
    }

    @Test
    void yamlAndJsonOfTheSameDefinitionGiveTheSameTree() {
        JsonNode fromYaml = Definitions.example();
        JsonNode fromJson = json(fromYaml.toPrettyString()).document();

        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void malformedYamlReportsLineAndColumn() {
        assertThatThrownBy(() -> yaml("apiVersion: plinth.dev/v1\nkind: App\nmetadata:\n  name: [unclosed\n"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).startsWith("invalid YAML: ");
                assertThat(ex.line()).isEqualTo(5);
                assertThat(ex.column()).isEqualTo(1);
            });
        assertThatThrownBy(() -> yaml("kind: App\n  metadata: x\n"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).contains("mapping values are not allowed here");
                assertThat(ex.line()).isEqualTo(2);
                assertThat(ex.column()).isEqualTo(11);
            });
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        assertThatThrownBy(() -> json("{\n  \"kind\": \"App\",\n  \"metadata\": {\"name\" \"demo\"}\n}"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).startsWith("invalid JSON: Unexpected character");
                assertThat(ex.line()).isEqualTo(3);
                assertThat(ex.column()).isEqualTo(23);
            });
    }

    @Test
    void truncatedJsonIsMalformed() {
        assertThatThrownBy(() -> json("{\"kind\": \"App\", \"spec\": {"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> assertThat(ex.line()).isEqualTo(1));
    }

    @Test
    void duplicateYamlKeyIsRejected() {
        assertThatThrownBy(() -> yaml("kind: App\nmetadata:\n  name: a\n  name: b\n"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).isEqualTo("duplicate key \"name\"; every key may appear only once in an object");
                assertThat(ex.line()).isEqualTo(4);
            });
    }

    @Test
    void duplicateJsonKeyIsRejected() {
        assertThatThrownBy(() -> json("{\"kind\": \"App\",\n \"kind\": \"Job\"}"))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).startsWith("duplicate key \"kind\"");
                assertThat(ex.line()).isEqualTo(2);
            });
    }

    @Test
    void emptyDocumentsAreMalformed() {
        for (String empty : new String[] { "", "   \n", "# only a comment\n", "---\n", "null\n", "''\n" }) {
            assertThatThrownBy(() -> yaml(empty)).isInstanceOf(MalformedDefinitionException.class)
                .hasMessageStartingWith("the definition is empty");
        }
        assertThatThrownBy(() -> json(" ")).isInstanceOf(MalformedDefinitionException.class)
            .hasMessageStartingWith("the definition is empty");
    }

    @Test
    void topLevelMustBeAnObject() {
        assertThatThrownBy(() -> yaml("- kind: App\n")).isInstanceOfSatisfying(MalformedDefinitionException.class,
                ex -> {
                    assertThat(ex.getMessage()).endsWith("but its top level is an array");
                    assertThat(ex.line()).isEqualTo(1);
                });
        assertThatThrownBy(() -> json("\"App\"")).isInstanceOf(MalformedDefinitionException.class)
            .hasMessageEndingWith("but its top level is a string");
    }

    @Test
    void severalDocumentsAreRejected() {
        assertThatThrownBy(() -> yaml("kind: App\n---\nkind: App\n")).isInstanceOfSatisfying(
                MalformedDefinitionException.class, ex -> {
                    assertThat(ex.getMessage()).startsWith("only one document is accepted");
                    assertThat(ex.line()).isEqualTo(3);
                });
        assertThatThrownBy(() -> json("{\"kind\": \"App\"} {\"kind\": \"App\"}"))
            .isInstanceOf(MalformedDefinitionException.class).hasMessageStartingWith("only one document");
    }

    @Test
    void yamlAliasesAreRejected() {
        String billionLaughs = """
                a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                """;
        assertThatThrownBy(() -> yaml(billionLaughs)).isInstanceOfSatisfying(MalformedDefinitionException.class,
                ex -> {
                    assertThat(ex.getMessage()).startsWith("YAML aliases (`*name`) are not supported");
                    assertThat(ex.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> yaml("base: &base {type: http}\nother:\n  <<: *base\n"))
            .isInstanceOf(MalformedDefinitionException.class);
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "a: " + "[".repeat(100) + "]".repeat(100) + "\n";

        assertThatThrownBy(() -> yaml(deep)).isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
            assertThat(ex.getMessage()).startsWith("the definition exceeds a parser limit: document nesting depth");
            assertThat(ex.line()).isEqualTo(1);
        });
        assertThatThrownBy(() -> json("{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}"))
            .isInstanceOf(MalformedDefinitionException.class)
            .hasMessageStartingWith("the definition exceeds a parser limit");
    }

    @Test
    void oversizedDocumentIsRejectedBeforeParsing() {
        DefinitionParser parser = new DefinitionParser(new DefinitionLimits(64, 64));
        byte[] big = ("description: " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(big, DefinitionFormat.YAML))
            .isInstanceOfSatisfying(MalformedDefinitionException.class, ex -> {
                assertThat(ex.getMessage()).isEqualTo("the definition is 113 bytes; at most 64 bytes are accepted");
                assertThat(ex.line()).isNull();
            });
    }

    @Test
    void binaryYamlValuesAreRejected() {
        assertThatThrownBy(() -> yaml("kind: !!binary aGVsbG8=\n")).isInstanceOf(MalformedDefinitionException.class)
            .hasMessageStartingWith("binary values");
    }

    @Test
    void syntaxErrorMessageDoesNotQuoteTheDocument() {
        assertThatThrownBy(() -> yaml("password: s3cr3t-value\n  bad: [\n")).isInstanceOf(
                MalformedDefinitionException.class).message().doesNotContain("s3cr3t");
    }

}
