package dev.seqconv.datasets;

/**
 * A data file is missing, truncated, corrupt, of the wrong format or could not be fetched. The message names
 * the file, the problem and what to do about it.
 */
public class DataFileException extends RuntimeException {

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
