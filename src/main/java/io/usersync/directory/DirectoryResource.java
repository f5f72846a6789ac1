package io.usersync.directory;

import io.usersync.api.FieldErrors;
import io.usersync.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@RolesAllowed(Roles.OPERATOR)
@Path("/api/v1/directory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Directory", description = "Browse a directory and test a connection before (or while) editing a task")
public class DirectoryResource {
    private final DirectoryBrowser browser;
    private final ConnectionTester tester;

    DirectoryResource(DirectoryBrowser browser, ConnectionTester tester) {
        this.browser = browser;
        this.tester = tester;
    }

    @POST
    @Path("browse")
    @Operation(
            operationId = "browseDirectory",
            summary = "List the roots of a directory, or the children of a DN",
            description =
                    "Children come sorted by kind, then name, a page at a time; pass nextCursor back as cursor. "
                            + "Directory failures are 422 problems with a category; an unknown DN is a 404, a malformed one a 400.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BrowseResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "DirectoryFailure")
    public BrowseResult browse(@Valid @NotNull(message = "a JSON body is required") BrowseRequest request) {
        requireUsable(request.directory());
        return browser.browse(
                request.directory(),
                request.dn(),
                request.cursor(),
                request.pageSize(),
                request.filter(),
                Boolean.TRUE.equals(request.includeSystemPartitions()));
    }

    @POST
    @Path("test")
    @Operation(
            operationId = "testDirectoryConnection",
            summary = "Connect, negotiate TLS, bind and read the rootDSE",
            description = "Tries every server of host, hosts or domain in order and lists each in candidates; the"
                    + " first that connected describes the directory. When none did, a 422 problem whose category"
                    + " says what is wrong (DNS, HOST_NOT_ALLOWED, CONNECTION_REFUSED, TIMEOUT, TLS_UNTRUSTED_CERTIFICATE,"
                    + " TLS_HOSTNAME_MISMATCH, TLS_HANDSHAKE, INVALID_CREDENTIALS, STRONGER_AUTH_REQUIRED, KERBEROS,"
                    + " ACCOUNT_DISABLED, ACCOUNT_LOCKED, PASSWORD_EXPIRED, INSUFFICIENT_ACCESS, RESPONSE_TOO_LARGE, OTHER),"
                    + " with AD's sub-code in adSubCode and, for several servers, each one's outcome in candidates.")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = ConnectionTestResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "422", ref = "DirectoryFailure")
    public ConnectionTestResult test(
            @Valid @NotNull(message = "a JSON body is required") ConnectionTestRequest request) {
        requireUsable(request.directory());
        return tester.test(request.directory());
    }

    private static void requireUsable(DirectoryConnection d) {
        FieldErrors errors = new FieldErrors();
        DirectoryInputValidator.validateConnection(d, "directory.", errors);
        if ((d.password() == null || d.password().isEmpty()) && !d.hasKeytab()) {
            errors.add(
                    "directory.password",
                    "is required here (or, for GSSAPI, a keytab); to use a task's stored secrets, call the task's"
                            + " browse or test");
        }
        errors.throwIfAny();
    }
}
