package io.usersync.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.usersync.support.ApiTest;
import io.usersync.support.ContractValidation;
import io.usersync.support.TestCredentials;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the contract, called without a credential (and with a bad one), answers the 401
 * problem before anything else, whatever the Accept header: JSON clients and event-stream clients alike.
 */
@QuarkusTest
class UnauthorizedWhateverAcceptTest extends ApiTest {
    static final List<String> ACCEPTS = List.of("application/json", "text/event-stream");

    record Operation(String method, String path) {
        String concrete() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    static List<Operation> operations() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(ContractValidation.CONTRACT))
                .get("paths");
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : List.of("get", "post", "put", "delete", "patch")) {
                if (path.getValue().has(method) && path.getKey().startsWith("/api/v1")) {
                    ops.add(new Operation(method.toUpperCase(), path.getKey()));
                }
            }
        }
        return ops;
    }

    @Test
    void everyOperationWithoutACredentialIs401ForEitherAccept() throws Exception {
        List<Operation> ops = operations();
        assertTrue(ops.size() >= 30, "the contract lists only " + ops.size() + " operations");
        List<String> wrong = new ArrayList<>();
        for (Operation op : ops) {
            for (String accept : ACCEPTS) {
                Response r = given().header(TestCredentials.anonymous())
                        .accept(accept)
                        .request(op.method(), op.concrete());
                check(op, accept, "no credential", r, wrong);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyOperationWithABadCredentialIs401ForEitherAccept() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Operation op : operations()) {
            for (String accept : ACCEPTS) {
                Response r = given().header(TestCredentials.bearer("usy_not-a-token-of-this-server-000000000"))
                        .accept(accept)
                        .request(op.method(), op.concrete());
                check(op, accept, "bad credential", r, wrong);
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static void check(Operation op, String accept, String what, Response r, List<String> wrong) {
        boolean problem = r.statusCode() == 401
                && String.valueOf(r.contentType()).startsWith("application/problem+json")
                && Integer.valueOf(401).equals(r.path("status"))
                && r.header("WWW-Authenticate") != null;
        if (!problem) {
            wrong.add(op.method() + " " + op.path() + " (" + what + ", Accept: " + accept + ") answered "
                    + r.statusCode() + " " + r.contentType() + " " + r.asString());
        }
    }
}
