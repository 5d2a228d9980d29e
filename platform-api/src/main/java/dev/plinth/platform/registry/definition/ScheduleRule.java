package dev.plinth.platform.registry.definition;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;

/** A schedule trigger's cron expression and time zone must be valid when the definition is submitted. */
final class ScheduleRule implements SemanticRule {

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        JsonNode triggers = submission.outline().root().path("spec").path("triggers");
        for (int i = 0; triggers.isArray() && i < triggers.size(); i++) {
            JsonNode trigger = triggers.get(i);
            if (!"schedule".equals(trigger.path("type").asString())) {
                continue;
            }
            String pointer = "/spec/triggers/" + i;
            if (trigger.path("cron").isString()) {
                try {
                    CronExpression.parse(trigger.path("cron").asString());
                } catch (IllegalArgumentException invalid) {
                    problems.add(new DefinitionProblem(pointer + "/cron", invalid.getMessage(),
                            "six fields: second minute hour day-of-month month day-of-week, e.g. \"0 0 6 * * MON-FRI\"",
                            null));
                }
            }
            if (trigger.path("timezone").isString()) {
                try {
                    ZoneId.of(trigger.path("timezone").asString());
                } catch (DateTimeException invalid) {
                    problems.add(new DefinitionProblem(pointer + "/timezone",
                            "`" + trigger.path("timezone").asString() + "` is not a time zone",
                            "an IANA zone id such as Europe/Berlin or UTC", null));
                }
            }
        }
    }
}
