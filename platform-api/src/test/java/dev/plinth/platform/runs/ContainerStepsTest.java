package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The container steps: parallel (all, any, n-of-m), forEach, loop and subWorkflow, run as child runs. */
@PlinthTest
class ContainerStepsTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                echo: {type: echo}
              workflows:
                - name: fanout
                  steps:
                    - {id: prep, type: transform, value: {base: ten}}
                    - id: both
                      type: parallel
                      branches:
                        - name: left
                          steps:
                            - {id: l1, type: call, connector: echo, with: {side: left, base: "${steps.prep.output.base}"}}
                        - name: right
                          steps:
                            - {id: r1, type: transform, value: "${steps.prep.output.base + '-right'}"}
                            - {id: r2, type: call, connector: echo, with: {seen: "${steps.r1.output}"}}
                    - {id: done, type: succeed, output: {left: "${steps.both.output.left.base}", right: "${steps.both.output.right.seen}"}}
                - name: race
                  steps:
                    - id: first
                      type: parallel
                      join: any
                      branches:
                        - name: slow
                          steps:
                            - {id: nap, type: wait, duration: PT10M}
                        - name: fast
                          steps:
                            - {id: quick, type: call, connector: echo, with: {won: true}}
                - name: quorum
                  steps:
                    - id: votes
                      type: parallel
                      join: %d
                      branches:
                        - name: a
                          steps:
                            - {id: va, type: call, connector: echo, with: {vote: a}}
                        - name: b
                          steps:
                            - {id: vb, type: fail, errorType: abstained, message: b abstains}
                        - name: c
                          steps:
                            - {id: vc, type: call, connector: echo, with: {vote: c}}
                - name: each
                  input:
                    type: object
                    required: [orders]
                    properties:
                      orders: {type: array}
                  steps:
                    - id: orders
                      type: forEach
                      items: "${input.orders}"
                      concurrency: 2
                      do:
                        - {id: gate, type: switch, cases: [{when: "item == 'bad'", then: boom}]}
                        - {id: handle, type: call, connector: echo, with: {order: "${item}", position: "${index}"}, next: end}
                        - {id: boom, type: fail, errorType: bad-order, message: "order ${index} is bad"}
                - name: count
                  input:
                    type: object
                    properties:
                      limit: {type: integer}
                      max: {type: integer}
                  steps:
                    - {id: init, type: setVariable, variables: {count: 0}}
                    - id: repeat
                      type: loop
                      while: "vars.count < input.limit"
                      maxIterations: 5
                      do:
                        - {id: bump, type: setVariable, variables: {count: "${vars.count + 1}"}}
                        - {id: say, type: call, connector: echo, with: {at: "${vars.count}"}}
                    - {id: done, type: succeed, output: {count: "${vars.count}", loop: "${steps.repeat.output}", lastSay: "${steps.say.output.at}"}}
                - name: double
                  input:
                    type: object
                    required: [n]
                    properties:
                      n: {type: integer}
                  steps:
                    - {id: twice, type: transform, value: "${input.n * 2}"}
                  output: {doubled: "${steps.twice.output}"}
                - name: caller
                  steps:
                    - {id: sub, type: subWorkflow, workflow: double, input: {n: "${input.n}"}}
                    - {id: done, type: succeed, output: "${steps.sub.output.doubled}"}
                - name: held
                  steps:
                    - id: wait-both
                      type: parallel
                      branches:
                        - name: signal
                          steps:
                            - {id: hold, type: awaitSignal, signal: go}
                        - name: timer
                          steps:
                            - {id: sleep, type: wait, duration: PT10M}
                - name: remembered
                  steps:
                    - {id: first, type: transform, value: kept}
                    - {id: work, type: call, connector: echo, with: {x: 1}}
                    - {id: done, type: succeed, output: "${steps.first.output}"}
            """;

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "box-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        submit(2);
    }

    void submit(int quorum) {
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, quorum)).send();
        assertThat(revision.status()).as(revision.toString()).isIn(200, 201);
    }

    String start(String workflow, String input) {
        Api.Response started = api.postJson("/api/v1/apps/" + app + "/workflows/" + workflow + "/runs",
                "{\"input\":" + input + "}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.body().path("id").asString();
    }

    JsonNode run(String id) {
        return api.get("/api/v1/apps/" + app + "/runs/" + id).body();
    }

    List<JsonNode> children(String id) {
        List<JsonNode> children = new ArrayList<>();
        api.get("/api/v1/apps/" + app + "/runs/" + id + "/children").body().forEach(children::add);
        return children;
    }

    JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !"running".equals(run(id).path("status").asString()));
        return run(id);
    }

    @Test
    void parallelRunsEveryBranchAndJoinsTheirOutputsByName() {
        String id = start("fanout", "{}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/left").asString()).isEqualTo("ten");
        assertThat(run.at("/output/right").asString()).isEqualTo("ten-right");

        List<JsonNode> branches = children(id);
        assertThat(branches).hasSize(2);
        assertThat(branches).allSatisfy(branch -> {
            assertThat(branch.at("/parent/runId").asString()).isEqualTo(id);
            assertThat(branch.at("/parent/stepId").asString()).isEqualTo("both");
            assertThat(branch.path("status").asString()).isEqualTo("completed");
        });
        assertThat(branches.stream().map(b -> b.at("/parent/slot").asInt())).containsExactly(0, 1);

        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body();
        JsonNode join = null;
        for (JsonNode attempt : history) {
            if ("both".equals(attempt.path("stepId").asString())) {
                join = attempt;
            }
        }
        assertThat(join).isNotNull();
        assertThat(join.path("type").asString()).isEqualTo("parallel");
        assertThat(join.path("status").asString()).isEqualTo("completed");

        JsonNode list = api.get("/api/v1/apps/" + app + "/runs?workflow=fanout").body();
        assertThat(list.path("items")).as("branches are parts of their run, not runs of their own in the list")
                .hasSize(1);
    }

    @Test
    void parallelAnyCompletesWithTheFirstBranchAndCancelsTheOthers() {
        String id = start("race", "{}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        List<JsonNode> branches = children(id);
        assertThat(branches.get(0).path("status").asString()).as("the slow branch").isEqualTo("cancelled");
        assertThat(branches.get(1).path("status").asString()).as("the fast branch").isEqualTo("completed");
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body();
        assertThat(history.toString()).contains("\"won\":true");
    }

    @Test
    void nOfMJoinToleratesFailedBranchesUntilTheQuorumIsOutOfReach() {
        JsonNode two = awaitEnd(start("quorum", "{}"));
        assertThat(two.path("status").asString()).as(two.toString()).isEqualTo("completed");

        submit(3);
        JsonNode three = awaitEnd(start("quorum", "{}"));
        assertThat(three.path("status").asString()).isEqualTo("failed");
        assertThat(three.at("/error/type").asString()).as("the branch's own error type").isEqualTo("abstained");
        assertThat(three.at("/error/step").asString()).isEqualTo("votes");
        assertThat(three.at("/error/message").asString()).contains("Branch 'b'", "b abstains");
    }

    @Test
    void forEachCollectsResultsInItemOrderWithBoundedConcurrency() {
        String id = start("each", "{\"orders\":[\"o1\",\"o2\",\"o3\",\"o4\",\"o5\"]}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        JsonNode history = api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body();
        JsonNode output = null;
        for (JsonNode attempt : history) {
            if ("orders".equals(attempt.path("stepId").asString())) {
                output = attempt.path("output");
            }
        }
        assertThat(output).isNotNull();
        assertThat(output).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(output.get(i).path("order").asString()).isEqualTo("o" + (i + 1));
            assertThat(output.get(i).path("position").asInt()).isEqualTo(i);
        }
        assertThat(children(id)).hasSize(5).allSatisfy(item -> assertThat(item.path("status").asString())
                .isEqualTo("completed"));
    }

    @Test
    void aFailingItemFailsTheForEachAndStopsTheRest() {
        JsonNode run = awaitEnd(start("each", "{\"orders\":[\"o1\",\"bad\",\"o3\",\"o4\",\"o5\",\"o6\"]}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("bad-order");
        assertThat(run.at("/error/message").asString()).contains("Item 1", "order 1 is bad");
        assertThat(children(run.path("id").asString()).size()).as("items after the failure never start")
                .isLessThan(6);
    }

    @Test
    void forEachOverNothingCompletesWithAnEmptyList() {
        JsonNode run = awaitEnd(start("each", "{\"orders\":[]}"));
        assertThat(run.path("status").asString()).isEqualTo("completed");
    }

    @Test
    void loopRepeatsWhileItsConditionHoldsAndKeepsItsVariables() {
        JsonNode run = awaitEnd(start("count", "{\"limit\":3}"));
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/count").asInt()).isEqualTo(3);
        assertThat(run.at("/output/loop/iterations").asInt()).isEqualTo(3);
        assertThat(run.at("/output/lastSay").asInt()).as("the last iteration's step results").isEqualTo(3);
        assertThat(children(run.path("id").asString())).hasSize(3);
    }

    @Test
    void aLoopThatReachesMaxIterationsWithItsConditionStillTrueFails() {
        JsonNode run = awaitEnd(start("count", "{\"limit\":50}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("loop-limit");
        assertThat(children(run.path("id").asString())).hasSize(5);
    }

    @Test
    void subWorkflowRunsAnotherWorkflowAndReturnsItsOutput() {
        String id = start("caller", "{\"n\":21}");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.path("output").asInt()).isEqualTo(42);
        List<JsonNode> children = children(id);
        assertThat(children).hasSize(1);
        assertThat(children.get(0).path("workflow").asString()).isEqualTo("double");
        assertThat(children.get(0).at("/parent/stepId").asString()).isEqualTo("sub");
        JsonNode list = api.get("/api/v1/apps/" + app + "/runs?workflow=double").body();
        assertThat(list.path("items")).as("a sub-workflow run is a workflow run, listed as one").hasSize(1);
    }

    @Test
    void subWorkflowInputIsCheckedAgainstItsSchema() {
        JsonNode run = awaitEnd(start("caller", "{\"n\":\"not a number\"}"));
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.at("/error/type").asString()).isEqualTo("invalid-input");
        assertThat(run.at("/error/message").asString()).contains("/input/n");
    }

    @Test
    void aSignalToTheRunReachesTheBranchWaitingForItAndCancelReachesEveryBranch() {
        String id = start("held", "{}");
        await().atMost(Duration.ofSeconds(60)).until(() -> children(id).size() == 2
                && children(id).get(0).path("currentSteps").toString().contains("hold"));
        Api.Response signalled = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/signals/go", "{}");
        assertThat(signalled.status()).as(signalled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "completed".equals(children(id).get(0).path("status").asString()));

        Api.Response cancelled = api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/cancel", "{}");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(run(id).path("status").asString()).isEqualTo("cancelled");
        assertThat(children(id).get(1).path("status").asString()).isEqualTo("cancelled");

        String branch = children(id).get(1).path("id").asString();
        Api.Response retryPart = api.postJson("/api/v1/apps/" + app + "/runs/" + branch + "/retry", "{}");
        assertThat(retryPart.status()).isEqualTo(409);
    }

    @Test
    void stepResultsRecordedBeforeADispatchedStepAreKept() {
        JsonNode run = awaitEnd(start("remembered", "{}"));
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("output").asString()).isEqualTo("kept");
    }
}
