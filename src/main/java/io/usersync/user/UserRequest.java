package io.usersync.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user made or changed by hand. For a synced user only customAttributes may differ from what is stored. */
@Schema(name = "UserRequest")
public record UserRequest(
        @Schema(required = true)
        @NotBlank(message = "must not be blank")
        @Size(max = 256, message = "must be at most 256 characters")
        String username,

        @Size(max = 512, message = "must be at most 512 characters")
        String displayName,

        @Size(max = 512, message = "must be at most 512 characters")
        String email,

        @Size(max = 128, message = "must be at most 128 characters")
        String phone,

        @Size(max = 256, message = "must be at most 256 characters")
        String office,

        @Size(max = 256, message = "must be at most 256 characters")
        String jobTitle,

        @Size(max = 256, message = "must be at most 256 characters")
        String department,

        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,

        @Schema(description = "default true") Boolean enabled,

        @Schema(description = "the group the user sits in; All when omitted")
        UUID groupId,

        @Size(max = 100, message = "must have at most 100 entries")
        Map<String, String> customAttributes) {}
