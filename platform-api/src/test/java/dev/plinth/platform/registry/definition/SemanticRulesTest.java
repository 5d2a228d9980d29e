package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static dev.plinth.platform.registry.definition.Definitions.appWithWorkflows;
import static dev.plinth.platform.registry.definition.Definitions.example;
import static dev.plinth.platform.registry.definition.Definitions.pointers;
import static dev.plinth.platform.registry.definition.Definitions.set;
import static dev.plinth.platform.registry.definition.Definitions.validate;
import static org.assertj.core.api.Assertions.assertThat;

class SemanticRulesTest {

    @Nested
    class AppName {

        @Test
        void mustEqualTheAppItIsSubmittedTo() {
            List<DefinitionProblem> problems = Definitions.VALIDATOR.validate(example(), "billing-assistant");

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/metadata/name");
                assertThat(problem.hint()).isEqualTo("set `metadata.name` to `billing-assistant`, "
                        + "or submit the definition to the app `support-assistant`");
            });
        }

        @Test
        void isNotCheckedWithoutAnExpectedName() {
            assertThat(Definitions.VALIDATOR.validate(example(), null)).isEmpty();
        }

    }

    @Nested
    class UniqueNames {

        @Test
        void workflowNames() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/name", "handle-email");
            set(definition, "/spec/triggers/1/workflow", "handle-email");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/1/name");
                assertThat(problem.message()).isEqualTo(
                        "duplicate workflow name `handle-email`, already used at /spec/workflows/0/name");
            });
        }

        @Test
        void stepIdsIncludingNestedSteps() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/1/do/0/id", "post");

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/1/steps/2/id");
        }

        @Test
        void stepIdsInParallelBranches() {
            ObjectNode definition = appWithWorkflows("""
                    - name: fan-out
                      steps:
                        - id: both
                          type: parallel
                          branches:
                            - name: left
                              steps: [{id: call-it, type: call, connector: api}]
                            - name: left
                              steps: [{id: call-it, type: call, connector: api}]
                    """);

            assertThat(pointers(validate(definition))).containsExactly(
                    "/spec/workflows/0/steps/0/branches/1/name",
                    "/spec/workflows/0/steps/0/branches/1/steps/0/id");
        }

        @Test
        void triggerNames() {
            ObjectNode definition = example();
            set(definition, "/spec/triggers/1/name", "inbound-email");

            assertThat(pointers(validate(definition))).containsExactly("/spec/triggers/1/name");
        }

        @Test
        void sameStepIdInDifferentWorkflowsIsFine() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/0/id", "draft");
            set(definition, "/spec/workflows/1/steps/1/items", "${steps.draft.output.body.items}");

            assertThat(validate(definition)).isEmpty();
        }

    }

    @Nested
    class StepReferences {

        @Test
        void next() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/5/next", "send-replies");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/5/next");
                assertThat(problem.message()).isEqualTo("`send-replies` is not a step of workflow `handle-email`");
                assertThat(problem.hint()).startsWith("did you mean `send-reply`? use the id of a step in this workflow");
            });
        }

        @Test
        void switchCasesAndDefault() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/4/cases/0/then", "approve");
            set(definition, "/spec/workflows/0/steps/4/default", "reply");

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/4/cases/0/then",
                    "/spec/workflows/0/steps/4/default");
        }

        @Test
        void onTimeoutAndOnFailureGoto() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/5/onTimeout", "nowhere");
            set(definition, "/spec/workflows/0/steps/6/onFailure/goto", "escalation");

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/5/onTimeout",
                    "/spec/workflows/0/steps/6/onFailure/goto");
        }

        @Test
        void endIsAlwaysAllowed() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/4/default", "end");
            set(definition, "/spec/workflows/0/steps/6/onFailure/goto", "end");

            assertThat(validate(definition)).isEmpty();
        }

        @Test
        void stepsOfAnotherWorkflowDoNotResolve() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/0/next", "draft");

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/1/steps/0/next");
        }

        @Test
        void nestedStepsMayJumpWithinTheirWorkflow() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/1/do/0/onFailure", Map.of("goto", "post"));

            assertThat(validate(definition)).isEmpty();
        }

    }

    @Nested
    class DeclaredNames {

        @Test
        void callConnector() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/1/do/0/connector", "openai");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/1/steps/1/do/0/connector");
                assertThat(problem.message()).isEqualTo("connector `openai` is not declared");
                assertThat(problem.hint()).isEqualTo("declare it under `spec.connectors`; "
                        + "declared connectors: `orders-db`, `crm`, `llm`, `replies`");
            });
        }

        @Test
        void triggerWorkflow() {
            ObjectNode definition = example();
            set(definition, "/spec/triggers/0/workflow", "handle-mail");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/triggers/0/workflow");
                assertThat(problem.hint()).startsWith("did you mean `handle-email`?");
            });
        }

        @Test
        void triggerConnector() {
            ObjectNode definition = example();
            set(definition, "/spec/triggers/1", Map.of("name", "orders", "type", "kafka", "topic", "orders",
                    "connector", "kafka", "workflow", "daily-digest"));

            assertThat(pointers(validate(definition))).containsExactly("/spec/triggers/1/connector");
        }

        @Test
        void subWorkflow() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/1/steps/2", Map.of("id", "post", "type", "subWorkflow",
                    "workflow", "publish-digest"));

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/1/steps/2/workflow");
        }

        @Test
        void smokeTestWorkflow() {
            ObjectNode definition = example();
            set(definition, "/spec/environments/prod/smokeTest/workflow", "smoke");

            assertThat(pointers(validate(definition))).containsExactly("/spec/environments/prod/smokeTest/workflow");
        }

        @Test
        void environmentConnectorOverridesAndRunsOn() {
            ObjectNode definition = example();
            set(definition, "/spec/environments/staging/connectors/llm-staging", Map.of("model", "tiny"));
            set(definition, "/spec/environments/prod/runsOn/ordersdb", "agent");

            List<DefinitionProblem> problems = validate(definition);

            assertThat(pointers(problems)).containsExactly("/spec/environments/prod/runsOn/ordersdb",
                    "/spec/environments/staging/connectors/llm-staging");
            assertThat(problems.get(0).hint()).startsWith("did you mean `orders-db`?");
            assertThat(problems.get(1).hint()).startsWith("did you mean `llm`?");
        }

    }

    @Nested
    class SubWorkflowCycles {

        @Test
        void workflowsRunningEachOther() {
            ObjectNode definition = appWithWorkflows("""
                    - name: a
                      steps: [{id: go, type: subWorkflow, workflow: b}]
                    - name: b
                      steps:
                        - id: first
                          type: forEach
                          items: [1, 2]
                          do: [{id: back, type: subWorkflow, workflow: a}]
                    - name: c
                      steps: [{id: fine, type: subWorkflow, workflow: a}]
                    """);

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/0/workflow");
                assertThat(problem.message()).isEqualTo("workflows `a`, `b` run each other as sub-workflows in a cycle");
            });
        }

        @Test
        void workflowRunningItself() {
            ObjectNode definition = appWithWorkflows("""
                    - name: a
                      steps:
                        - {id: work, type: call, connector: api}
                        - {id: again, type: subWorkflow, workflow: a}
                    """);

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/1/workflow");
                assertThat(problem.message()).isEqualTo("workflow `a` runs itself as a sub-workflow");
            });
        }

    }

    @Nested
    class JumpCycles {

        @Test
        void nextBackToAnEarlierStep() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/8/next", "context");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/8/next");
                assertThat(problem.message()).isEqualTo("steps `context`, `draft`, `route`, `refund-approval`, "
                        + "`send-reply`, `remember-reply`, `learn` jump to each other in a cycle");
                assertThat(problem.hint()).contains("`loop` step");
            });
        }

        @Test
        void onFailureGotoBack() {
            ObjectNode definition = appWithWorkflows("""
                    - name: w
                      steps:
                        - {id: fetch, type: call, connector: api}
                        - {id: store, type: call, connector: api, onFailure: {goto: fetch}}
                    """);

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/1/onFailure/goto");
        }

        @Test
        void switchBranchBackThroughFallThrough() {
            ObjectNode definition = appWithWorkflows("""
                    - name: w
                      steps:
                        - {id: fetch, type: call, connector: api}
                        - {id: check, type: switch, cases: [{when: "true", then: fetch}], default: end}
                    """);

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/1/cases/0/then");
        }

        @Test
        void stepJumpingToItself() {
            ObjectNode definition = appWithWorkflows("""
                    - name: w
                      steps: [{id: spin, type: wait, duration: PT1S, next: spin}]
                    """);

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/0/next");
                assertThat(problem.message()).isEqualTo("step `spin` jumps to itself");
            });
        }

        @Test
        void forwardJumpsAndTerminalStepsAreNoCycle() {
            ObjectNode definition = appWithWorkflows("""
                    - name: w
                      steps:
                        - {id: a, type: switch, cases: [{when: "input.x", then: c}]}
                        - {id: b, type: fail, error: nope}
                        - {id: c, type: call, connector: api, onTimeout: b}
                        - {id: d, type: loop, while: "true", maxIterations: 3, do: [{id: e, type: call, connector: api}]}
                    """);

            assertThat(validate(definition)).isEmpty();
        }

        @Test
        void duplicateIdsDoNotProducePhantomCycles() {
            ObjectNode definition = example();
            set(definition, "/spec/workflows/0/steps/8/id", "context");

            assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/8/id");
        }

    }

    @Nested
    class InlinedSecrets {

        @Test
        void connectorPassword() {
            ObjectNode definition = example();
            set(definition, "/spec/connectors/orders-db/password", "hunter2");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/connectors/orders-db/password");
                assertThat(problem.message()).isEqualTo("`password` holds a literal secret; secrets must not be inlined");
                assertThat(problem.hint()).endsWith("`${secret:orders-db-password}`");
                assertThat(problem.message() + problem.hint()).doesNotContain("hunter2");
            });
        }

        @Test
        void credentialNamesInAnyCaseOrSpelling() {
            ObjectNode definition = example();
            set(definition, "/spec/connectors/crm/auth/clientSecret", "abc");
            set(definition, "/spec/connectors/llm/apiKey", "sk-123");
            set(definition, "/spec/triggers/0/signature/secret", "shh");
            set(definition, "/spec/workflows/0/steps/6/with/headers", Map.of("X-Api-Key", "k", "access_token", 12345));

            List<DefinitionProblem> problems = validate(definition);

            assertThat(pointers(problems)).containsExactly("/spec/connectors/crm/auth/clientSecret",
                    "/spec/connectors/llm/apiKey", "/spec/triggers/0/signature/secret",
                    "/spec/workflows/0/steps/6/with/headers/X-Api-Key",
                    "/spec/workflows/0/steps/6/with/headers/access_token");
            assertThat(problems.get(0).hint()).endsWith("`${secret:crm-client-secret}`");
            assertThat(problems.get(2).hint()).endsWith("`${secret:inbound-email-secret}`");
        }

        @Test
        void malformedReferenceIsNoReference() {
            ObjectNode definition = example();
            set(definition, "/spec/connectors/llm/apiKey", "${secrets:llm-key}");

            assertThat(pointers(validate(definition))).containsExactly("/spec/connectors/llm/apiKey");
        }

        @Test
        void urlWithPasswordInUserinfo() {
            ObjectNode definition = example();
            set(definition, "/spec/environments/staging/connectors/orders-db/url",
                    "jdbc:postgresql://app:s3cret@orders-staging.internal:5432/orders");

            assertThat(validate(definition)).singleElement().satisfies(problem -> {
                assertThat(problem.pointer()).isEqualTo("/spec/environments/staging/connectors/orders-db/url");
                assertThat(problem.hint()).contains("`${secret:staging-orders-db-password}`");
                assertThat(problem.message() + problem.hint()).doesNotContain("s3cret");
            });
        }

        @Test
        void referencesExpressionsAndLookalikesAreFine() {
            ObjectNode definition = example();
            set(definition, "/spec/connectors/orders-db/url",
                    "jdbc:postgresql://app:${secret:orders-db-password}@orders.internal:5432/orders");
            set(definition, "/spec/connectors/crm/baseUrl", "https://user@crm.example.com/api");
            set(definition, "/spec/workflows/0/steps/6/with/headers", Map.of("Authorization", "Bearer ${secret:crm-token}",
                    "X-Session-Token", "${steps.draft.output.token}"));
            set(definition, "/spec/workflows/0/steps/3/with/maxTokens", 500);
            set(definition, "/spec/workflows/0/steps/3/with/pageToken", "abc");
            set(definition, "/spec/connectors/crm/auth/tokenUrl", "https://crm.example.com/oauth/token");
            set(definition, "/spec/connectors/crm/auth/password", "");

            assertThat(validate(definition)).isEmpty();
        }

    }

    @Test
    void severalRulesReportTogether() {
        ObjectNode definition = example();
        set(definition, "/metadata/name", "other");
        set(definition, "/spec/workflows/0/steps/1/connector", "orders");
        set(definition, "/spec/workflows/0/steps/9/next", "draft");
        set(definition, "/spec/connectors/llm/apiKey", "sk-live");
        set(definition, "/spec/triggers/1/workflow", "digest");

        assertThat(pointers(Definitions.VALIDATOR.validate(definition, "support-assistant"))).containsExactly(
                "/metadata/name", "/spec/connectors/llm/apiKey", "/spec/triggers/1/workflow",
                "/spec/workflows/0/steps/1/connector", "/spec/workflows/0/steps/9/next");
    }

}
