package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A file of the Files API: a batch's input ({@code batch}), or its output or errors ({@code batch_output}). */
public record StoredFile(String id, String purpose, String filename, Instant createdAt, byte[] content) {

    public StoredFile {
        requireNonNull(id, "id is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(filename, "filename is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(content, "content is null");
    }

    public long bytes() {
        return content.length;
    }
}
