package io.usersync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.usersync.api.Roles;
import io.usersync.support.ApiTest;
import io.usersync.support.ContractValidation;
import io.usersync.support.TestCredentials;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every operation of the committed contract three ways: with no credential (401), with each role
 * below the one it needs (403 naming that role), and with the role it needs (neither 401 nor 403). The
 * role each operation needs is read from the contract and checked against the issue's rules, so a
 * wrong annotation fails here and not in production.
 */
@QuarkusTest
class RoleMatrixTest extends ApiTest {
    static final Map<String, String> tokenByRole = new LinkedHashMap<>();

    record Op(String method, String path, String role, boolean hasBody) {
        String concretePath() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    /** Issued on first use: a static @BeforeAll runs before rest-assured knows the test port. */
    static synchronized void tokens() {
        if (!tokenByRole.isEmpty()) {
            return;
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String role : Roles.ALL) {
            tokenByRole.put(role, SecurityTokens.issue("matrix-" + role + "-" + run, role));
        }
    }

    static List<Op> operations() throws Exception {
        OpenAPI api = new OpenAPIV3Parser()
                .readContents(Files.readString(ContractValidation.CONTRACT))
                .getOpenAPI();
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> o :
                    e.getValue().readOperationsMap().entrySet()) {
                Operation op = o.getValue();
                assertNotNull(op.getSecurity(), o.getKey() + " " + e.getKey() + " declares no security requirement");
                List<String> scopes = op.getSecurity().get(0).get("bearer");
                assertNotNull(scopes, o.getKey() + " " + e.getKey() + " is not secured by the bearer scheme");
                assertEquals(
                        1,
                        scopes.size(),
                        o.getKey() + " " + e.getKey() + " should name exactly its least role: " + scopes);
                ops.add(new Op(o.getKey().name(), e.getKey(), scopes.get(0), op.getRequestBody() != null));
            }
        }
        return ops;
    }

    /** The issue's role rules, independent of the annotations. */
    static String expectedRole(String method, String path) {
        if (path.startsWith("/api/v1/api-tokens")
                || path.startsWith("/api/v1/audit-events")
                || path.startsWith("/api/v1/webhooks")) {
            return Roles.ADMIN;
        }
        boolean directory = path.contains("/browse") || path.endsWith("/test");
        if (directory
                || (method.equals("POST")
                        && (path.endsWith("/runs") || path.endsWith("/objects") || path.endsWith("/cancel")))) {
            return Roles.OPERATOR;
        }
        return method.equals("GET") ? Roles.VIEWER : Roles.ADMIN;
    }

    @TestFactory
    Stream<DynamicTest> everyOperation() throws Exception {
        tokens();
        List<Op> ops = operations();
        assertTrue(ops.size() >= 30, "the contract lists only " + ops.size() + " operations");
        assertFalse(ops.stream().anyMatch(o -> !o.path().startsWith("/api/v1/")), "an operation outside /api/v1");
        return ops.stream()
                .map(op -> DynamicTest.dynamicTest(op.method() + " " + op.path() + " needs " + op.role(), () -> {
                    assertEquals(expectedRole(op.method(), op.path()), op.role(), "the role this operation needs");
                    String path = op.concretePath();

                    call(op, request().header(TestCredentials.anonymous()), path)
                            .then()
                            .statusCode(401)
                            .contentType(startsWith("application/problem+json"))
                            .header("WWW-Authenticate", startsWith("Bearer"));
                    call(op, request().header(TestCredentials.bearer("usy_not-a-real-token-at-all-000000000000")), path)
                            .then()
                            .statusCode(401)
                            .body("detail", equalTo("the API token is unknown, expired or revoked"));

                    int needed = Roles.ALL.indexOf(op.role());
                    for (String lower : Roles.ALL.subList(0, needed)) {
                        call(op, request().header(TestCredentials.bearer(tokenByRole.get(lower))), path)
                                .then()
                                .statusCode(403)
                                .contentType(startsWith("application/problem+json"))
                                .body("requiredRole", equalTo(op.role()));
                    }
                    for (String enough : Roles.ALL.subList(needed, Roles.ALL.size())) {
                        int status = call(op, request().header(TestCredentials.bearer(tokenByRole.get(enough))), path)
                                .statusCode();
                        assertTrue(
                                status != 401 && status != 403,
                                op.method() + " " + path + " as " + enough + " answered " + status);
                    }
                }));
    }

    private static RequestSpecification request() {
        return given().accept("*/*");
    }

    private static Response call(Op op, RequestSpecification spec, String path) {
        if (op.hasBody()) {
            spec = spec.contentType(ContentType.JSON).body("{}");
        }
        // path ids are random: no call finds an object, so none changes anything or opens an event stream
        return spec.request(op.method(), path);
    }
}
