package io.usersync.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes every rest-assured call of the API tests validate its response against the committed
 * contract, openapi/openapi.yaml. Requests are not validated: the tests send bad ones on purpose.
 */
public final class ContractValidation {
    public static final Path CONTRACT = Path.of("openapi/openapi.yaml");
    private static volatile boolean installed;

    private ContractValidation() {}

    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                            Files.readString(CONTRACT))
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            // the validator parses string header values as JSON under OpenAPI 3.1; bodies are what
                            // matter
                            .withLevel("validation.response.header.schema", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
            RestAssured.filters(new OpenApiValidationFilter(validator));
            installed = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CONTRACT.toAbsolutePath(), e);
        }
    }
}
