package io.usersync.group;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "UserGroupRequest")
public record UserGroupRequest(
        @Schema(required = true, maxLength = 255)
        @NotBlank(message = "must not be blank")
        @Size(max = 255, message = "must be at most 255 characters")
        String name,

        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,

        @Schema(description = "the parent group; the root group All when omitted")
        UUID parentId) {}
