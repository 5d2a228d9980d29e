package dev.plinth.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request, located precisely enough for a tool to fix it unaided.
 *
 * @param pointer JSON pointer (RFC 6901) into the submitted document ("" for the whole document)
 * @param message what is wrong
 * @param hint    how to fix it, when there is something useful to say
 * @param line    1-based line in the submitted text, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputError(String pointer, String message, String hint, Integer line) {

    public static InputError of(String pointer, String message, String hint) {
        return new InputError(pointer, message, hint, null);
    }
}
