package io.usersync.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Points every secured operation's 401 and 403 at the shared problem answers; the generator's own
 * entries for them have no body, while ours always send an RFC 9457 problem.
 */
public class SecurityResponsesFilter implements OASFilter {
    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null
                || operation.getSecurity() == null
                || operation.getSecurity().isEmpty()) {
            return operation;
        }
        responses.addAPIResponse("401", OASFactory.createAPIResponse().ref("Unauthorized"));
        responses.addAPIResponse("403", OASFactory.createAPIResponse().ref("Forbidden"));
        return operation;
    }
}
