package io.usersync.support;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Sends the test bootstrap (admin) token on every rest-assured call that names no credential of its
 * own, so the suite's other tests read as before; {@link #anonymous()} sends none at all. Every
 * answer is checked for the suite's secrets: only the answer that creates a token may show it.
 */
public final class TestCredentials implements Filter {
    private static final String ANONYMOUS_MARKER = "X-Test-Send-No-Credential";
    private static volatile boolean installed;

    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new TestCredentials());
            installed = true;
        }
    }

    /** Add to a request to send it without any Authorization header. */
    public static Header anonymous() {
        return new Header(ANONYMOUS_MARKER, "1");
    }

    public static Header bearer(String secret) {
        return new Header("Authorization", "Bearer " + secret);
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        if (request.getHeaders().hasHeaderWithName(ANONYMOUS_MARKER)) {
            request.removeHeader(ANONYMOUS_MARKER);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + TestSecrets.BOOTSTRAP_TOKEN);
        }
        Response response = ctx.next(request, responseSpec);
        boolean issuesToken =
                request.getMethod().equals("POST") && request.getURI().matches(".*/api/v1/api-tokens/?(\\?.*)?$");
        if (!issuesToken) {
            String body = response.asString();
            for (String secret : TestSecrets.all()) {
                if (body.contains(secret)) {
                    throw new AssertionError(
                            request.getMethod() + " " + request.getURI() + " answered with a secret: " + body);
                }
            }
        }
        return response;
    }
}
