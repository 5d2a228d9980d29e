package dev.plinth.platform.registry.definition;

import java.util.List;

/** A definition names the app it belongs to, so it cannot be submitted to another app by mistake. */
final class AppNameRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        String name = DefinitionOutline.text(submission.outline().root().path("metadata"), "name");
        String expected = submission.expectedAppName();
        if (expected != null && name != null && !name.equals(expected)) {
            problems.add(new DefinitionProblem("/metadata/name",
                    "`" + name + "` is not the app this definition is submitted to (`" + expected + "`)",
                    "set `metadata.name` to `" + expected + "`, or submit the definition to the app `" + name + "`",
                    null));
        }
    }

}
