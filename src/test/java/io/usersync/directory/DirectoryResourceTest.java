package io.usersync.directory;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.SilentServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browse and connection test against UnboundID's in-memory server and sockets that misbehave on purpose. */
@QuarkusTest
class DirectoryResourceTest extends ApiTest {
    static final int BIG = 2_500;
    static final String BIG_OU = "OU=Big,OU=Corp," + AdLikeTree.BASE;
    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 20);
        directory.add(new Entry(
                BIG_OU, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "Big")));
        for (int i = 0; i < BIG; i++) {
            directory.add(new Entry(
                    "CN=member " + i + "," + BIG_OU,
                    new Attribute("objectClass", "top", "person", "user"),
                    new Attribute("cn", "member " + i)));
        }
        directory.add(new Entry(
                "CN=(special) group*,OU=Corp," + AdLikeTree.BASE,
                new Attribute("objectClass", "top", "group"),
                new Attribute("cn", "(special) group*")));
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    static Map<String, Object> connection() {
        Map<String, Object> d = new HashMap<>();
        d.put("type", "ACTIVE_DIRECTORY");
        d.put("host", "127.0.0.1");
        d.put("port", directory.getListenPort());
        d.put("security", "NONE");
        d.put("login", AdLikeTree.SERVICE_DN);
        d.put("password", AdLikeTree.SERVICE_PASSWORD);
        return d;
    }

    static Response browse(Map<String, Object> body) {
        return json().body(body).post("/api/v1/directory/browse");
    }

    @Test
    void rootsThenChildrenSortedByKindThenName() {
        browse(Map.of("directory", connection()))
                .then()
                .statusCode(200)
                .body("items.dn", equalTo(List.of(AdLikeTree.BASE)))
                .body("items[0].kind", equalTo("DOMAIN"))
                .body("items[0].hasChildren", equalTo(true));
        JsonPath corp = browse(Map.of("directory", connection(), "dn", "OU=Corp," + AdLikeTree.BASE))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> kinds = corp.getList("items.kind");
        List<String> names = corp.getList("items.name");
        assertEquals(List.of("OU", "OU", "OU", "OU", "OU", "OU", "GROUP"), kinds, names.toString());
        assertEquals(List.of("Big", "Engineering", "Finance", "Groups", "Sales", "Support", "(special) group*"), names);
        browse(Map.of("directory", connection(), "dn", "OU=Engineering,OU=Corp," + AdLikeTree.BASE))
                .then()
                .statusCode(200)
                .body("items.kind", hasItems("OU", "USER", "COMPUTER"));
        browse(Map.of("directory", connection(), "dn", AdLikeTree.BASE))
                .then()
                .body("items.find { it.name == 'Users' }.kind", equalTo("CONTAINER"));
    }

    @Test
    void pagesThroughALargeContainerWithoutGapsOrRepeats() {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("directory", connection(), "dn", BIG_OU, "pageSize", 1000));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonPath page = browse(body).then().statusCode(200).extract().jsonPath();
            List<String> names = page.getList("items.name");
            assertTrue(names.size() <= 1000);
            names.forEach(n -> assertTrue(seen.add(n), "repeated " + n));
            order.addAll(names);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(BIG, seen.size());
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, order);
    }

    @Test
    void nameFilterIsEscapedAndBadInputIsExplained() {
        browse(Map.of("directory", connection(), "dn", "OU=Corp," + AdLikeTree.BASE, "filter", "(special) gr"))
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("(special) group*")));
        browse(Map.of("directory", connection(), "dn", BIG_OU, "filter", "member 249"))
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(11));
        browse(Map.of("directory", connection(), "dn", "OU=Nowhere," + AdLikeTree.BASE))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("OU=Nowhere"));
        browse(Map.of("directory", connection(), "dn", "OU=,,broken"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dn"));
        browse(Map.of("directory", connection(), "dn", BIG_OU, "cursor", "not-ours"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("cursor"));
        Map<String, Object> noPassword = connection();
        noPassword.remove("password");
        browse(Map.of("directory", noPassword))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.password"));
    }

    @Test
    void connectionTestReportsTheServer() {
        json().body(Map.of("directory", connection()))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .body("serverType", equalTo("OTHER"))
                .body("namingContexts", hasItem(AdLikeTree.BASE))
                .body("tls", nullValue())
                .body("capabilities.pagedResults", equalTo(true))
                .body("roundTripMillis", notNullValue());
    }

    @Test
    void eachFailureGetsItsCategory() throws Exception {
        Map<String, Object> wrong = connection();
        wrong.put("password", "wrong");
        expectCategory(wrong, "INVALID_CREDENTIALS");

        Map<String, Object> refused = connection();
        refused.put("port", freePort());
        expectCategory(refused, "CONNECTION_REFUSED");

        Map<String, Object> dns = connection();
        dns.put("host", "no-such-host.invalid");
        expectCategory(dns, "DNS");

        // a server that accepts the connection and never answers
        try (SilentServer silent = new SilentServer()) {
            Map<String, Object> mute = connection();
            mute.put("port", silent.port());
            long t0 = System.nanoTime();
            expectCategory(mute, "TIMEOUT");
            assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 10, "bounded by the configured timeout");
        }
    }

    private static void expectCategory(Map<String, Object> directory, String category) {
        json().body(Map.of("directory", directory))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("category", equalTo(category))
                .body("detail", notNullValue());
    }

    @Test
    void taskScopedBrowseAndTestUseTheStoredPassword() {
        Map<String, Object> body = taskBody(unique("browse"), createGroup(unique("B"), null));
        body.put("directory", connection());
        body.put("baseDns", List.of(AdLikeTree.CORP));
        String task = createTask(body);
        json().queryParam("dn", AdLikeTree.CORP)
                .get("/api/v1/sync-tasks/" + task + "/browse")
                .then()
                .statusCode(200)
                .body("items.name", hasItem("Sales"));
        json().post("/api/v1/sync-tasks/" + task + "/test")
                .then()
                .statusCode(200)
                .body("namingContexts", hasItem(AdLikeTree.BASE));
        json().post("/api/v1/sync-tasks/" + UUID.randomUUID() + "/test").then().statusCode(404);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
