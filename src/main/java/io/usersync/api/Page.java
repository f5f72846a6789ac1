package io.usersync.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list answer; {@code page} counts from 0. */
public record Page<T>(
        @Schema(required = true) List<T> items,
        @Schema(required = true) int page,
        @Schema(required = true) int size,

        @Schema(required = true, description = "number of items on all pages")
        long total) {}
