package dev.plinth.platform.memory;

import static dev.plinth.platform.memory.MemoryTestSupport.message;
import static dev.plinth.platform.memory.MemoryTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlinthTest
class FactsSearchContextTest {

    @LocalServerPort
    int port;

    Api api;
    String app;
    String alice;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = MemoryTestSupport.newApp(api, null);
        alice = user(app, "alice");
    }

    @Test
    void aKeyedFactIsSupersededNeverOverwrittenAndHistoryAnswersWhatWeBelievedThen() throws Exception {
        Api.Response first = api.postJson(alice + "/facts",
                "{\"key\":\"language\",\"value\":\"en\",\"category\":\"preference\",\"source\":{\"kind\":\"message\",\"ref\":\"t1:3\"}}");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Instant between = Instant.now();
        Thread.sleep(20);
        Api.Response second = api.call("POST", alice + "/facts").header("If-Match", first.header("ETag"))
                .json("{\"key\":\"language\",\"value\":\"de\",\"category\":\"preference\"}").send();
        assertThat(second.status()).isEqualTo(201);

        Api.Response stale = api.call("POST", alice + "/facts").header("If-Match", first.header("ETag"))
                .json("{\"key\":\"language\",\"value\":\"fr\"}").send();
        assertThat(stale.status()).as("the ETag named a superseded fact").isEqualTo(412);

        JsonNode now = api.get(alice + "/facts").body();
        assertThat(now.path("items").size()).isEqualTo(1);
        assertThat(now.at("/items/0/value").asString()).isEqualTo("de");
        JsonNode then = api.get(alice + "/facts?at=" + between).body();
        assertThat(then.at("/items/0/value").asString()).isEqualTo("en");

        JsonNode history = api.get(alice + "/facts/history?key=language").body();
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.at("/0/value").asString()).isEqualTo("en");
        assertThat(history.at("/0/invalidAt").isNull()).isFalse();
        assertThat(history.at("/0/supersededBy").asLong()).isEqualTo(second.body().path("id").asLong());
        assertThat(history.at("/0/sourceRef").asString()).isEqualTo("t1:3");
        assertThat(history.at("/1/invalidAt").isNull()).isTrue();

        long id = second.body().path("id").asLong();
        Api.Response forgotten = api.delete(alice + "/facts/" + id);
        assertThat(forgotten.status()).isEqualTo(200);
        assertThat(api.get(alice + "/facts").body().path("items")).isEmpty();
    }

    @Test
    void appWideFactsAreSharedByEveryUsersContext() {
        assertThat(api.postJson("/api/v1/apps/" + app + "/memory/facts",
                "{\"key\":\"refund-policy\",\"text\":\"Refunds within 30 days\"}").status()).isEqualTo(201);
        api.postJson(alice + "/sessions/t/messages", message("user", "hi"));
        JsonNode context = api.get(alice + "/sessions/t/context?maxTokens=500").body();
        assertThat(context.at("/facts/0/key").asString()).isEqualTo("refund-policy");
        assertThat(context.at("/facts/0/userId").isNull()).isTrue();
    }

    @Test
    void fullTextAndFuzzySearchFindMessagesAndFacts() {
        api.postJson(alice + "/sessions/t1/messages", "{\"messages\":["
                + message("user", "My parcel to Hamburg never arrived") + ","
                + message("assistant", "Sorry about the delivery problem, I opened ticket 881") + ","
                + message("user", "Also I would like a blue sweater") + "]}");
        api.postJson(alice + "/facts", "{\"key\":\"city\",\"text\":\"lives in Hamburg\"}");

        JsonNode fulltext = api.get(alice + "/search?q=parcel%20arrived&mode=fulltext").body();
        assertThat(fulltext.at("/hits/0/text").asString()).contains("parcel to Hamburg");
        assertThat(fulltext.at("/hits/0/sessionId").asString()).isEqualTo("t1");
        assertThat(fulltext.at("/hits/0/seq").asInt()).isEqualTo(1);

        JsonNode facts = api.get(alice + "/search?q=hamburg&mode=fulltext&kinds=fact").body();
        assertThat(facts.at("/hits/0/kind").asString()).isEqualTo("fact");
        assertThat(facts.at("/hits/0/key").asString()).isEqualTo("city");

        JsonNode fuzzy = api.get(alice + "/search?q=sweeter&mode=fuzzy").body();
        assertThat(fuzzy.at("/hits/0/text").asString()).contains("blue sweater");

        assertThat(api.as(null).get(alice + "/search?q=x").status()).isEqualTo(401);
        assertThat(api.get(user(app, "bob") + "/search?q=parcel").body().path("hits")).isEmpty();
    }

    @Test
    void semanticSearchRanksAParaphraseAboveAnUnrelatedMessage() {
        api.postJson(alice + "/sessions/t2/messages", "{\"messages\":["
                + message("user", "The weather in Berlin is sunny today") + ","
                + message("user", "I forgot my login credentials and need to change them") + ","
                + message("user", "Please send the invoice as PDF") + "]}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode semantic = api.get(alice + "/search?q=How%20do%20I%20reset%20my%20password%3F&mode=semantic"
                    + "&kinds=message&limit=3").body();
            assertThat(semantic.path("hits").size()).isEqualTo(3);
            assertThat(semantic.at("/hits/0/text").asString()).contains("login credentials");
            assertThat(semantic.at("/hits/2/text").asString()).doesNotContain("login credentials");
        });
        JsonNode hybrid = api.get(alice + "/search?q=How%20do%20I%20reset%20my%20password%3F").body();
        assertThat(hybrid.at("/hits/0/text").asString()).contains("login credentials");
        assertThat(hybrid.at("/hits/0/matches/semantic").asInt()).isEqualTo(1);
    }

    @Test
    void contextFitsTheBudgetWithSummaryFactsAndTheNewestMessagesInOrder() {
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            messages.add(message(i % 2 == 1 ? "user" : "assistant", "turn " + i + " " + "x".repeat(36)));
        }
        api.postJson(alice + "/sessions/c/messages", "{\"messages\":[" + String.join(",", messages) + "]}");
        api.call("PATCH", alice + "/sessions/c").json("{\"summary\":\"" + "s".repeat(40) + "\"}").send();
        api.postJson(alice + "/facts", "{\"key\":\"tier\",\"text\":\"gold customer\"}");
        api.postJson(alice + "/facts", "{\"key\":\"pet\",\"text\":\"has a dog called Rex\"}");

        JsonNode context = api.get(alice + "/sessions/c/context?maxTokens=60&query=dog").body();
        assertThat(context.path("summary").asString()).hasSize(40);
        assertThat(context.at("/tokens/summary").asInt()).isEqualTo(10);
        assertThat(context.at("/facts/0/key").asString()).as("the relevant fact first").isEqualTo("pet");
        assertThat(context.at("/tokens/facts").asInt()).isLessThanOrEqualTo(15);
        assertThat(context.at("/tokens/total").asInt()).isLessThanOrEqualTo(60);
        assertThat(context.at("/tokens/total").asInt()).isEqualTo(context.at("/tokens/summary").asInt()
                + context.at("/tokens/facts").asInt() + context.at("/tokens/messages").asInt());
        List<Integer> seqs = new ArrayList<>();
        context.path("messages").forEach(m -> seqs.add(m.path("seq").asInt()));
        assertThat(seqs).isNotEmpty().isSorted();
        assertThat(seqs.get(seqs.size() - 1)).as("the newest message is included").isEqualTo(10);
        assertThat(context.at("/tokens/messages").asInt()).isEqualTo(seqs.size() * 11);
    }

    @Test
    void contextReadsFurtherChunksWhileTheNewestMessagesAllFit() {
        // 50 one-token messages and a 40-token budget: the first read (16 messages, with the session
        // and its facts) fits whole, so more are read until the budget is spent.
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            messages.add("{\"role\":\"user\",\"content\":\"m" + i + "\",\"tokens\":1}");
        }
        api.postJson(alice + "/sessions/long/messages", "{\"messages\":[" + String.join(",", messages) + "]}");
        api.postJson(alice + "/facts", "{\"key\":\"tier\",\"text\":\"gold\"}");

        JsonNode context = api.get(alice + "/sessions/long/context?maxTokens=40&factShare=0").body();

        List<Integer> seqs = new ArrayList<>();
        context.path("messages").forEach(m -> seqs.add(m.path("seq").asInt()));
        List<Integer> newest40 = new ArrayList<>();
        for (int seq = 11; seq <= 50; seq++) {
            newest40.add(seq);
        }
        assertThat(seqs).isEqualTo(newest40);
        assertThat(context.at("/tokens/messages").asInt()).isEqualTo(40);
        assertThat(context.path("facts").size()).as("factShare 0 leaves no room for facts").isZero();

        JsonNode withFacts = api.get(alice + "/sessions/long/context?maxTokens=40").body();
        assertThat(withFacts.at("/facts/0/key").asString()).isEqualTo("tier");
        assertThat(withFacts.at("/tokens/total").asInt()).isEqualTo(40);
        assertThat(withFacts.at("/messages/0/seq").asInt()).isEqualTo(50 - withFacts.at("/tokens/messages").asInt() + 1);
    }

    @Test
    void budgetsAndPageSizesAreValidatedNotClamped() {
        api.postJson(alice + "/sessions/v/messages", message("user", "hi"));
        assertThat(api.get(alice + "/sessions/v/context?maxTokens=0").status()).isEqualTo(422);
        assertThat(api.get(alice + "/sessions/v/context?maxTokens=999999999").status()).isEqualTo(422);
        assertThat(api.get(alice + "/sessions/v/context?maxTokens=10&factShare=2").status()).isEqualTo(422);
        assertThat(api.get(alice + "/sessions/v/messages?limit=500").status()).isEqualTo(400);
        assertThat(api.get(alice + "/search?q=hi&limit=1000").status()).isEqualTo(422);
        assertThat(api.get(alice + "/search?q=hi&mode=telepathy").status()).isEqualTo(400);
        assertThat(api.get(alice + "/sessions/nope/context?maxTokens=10").status()).isEqualTo(404);
    }
}
