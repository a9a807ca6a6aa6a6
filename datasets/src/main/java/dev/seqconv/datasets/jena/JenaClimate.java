package dev.seqconv.datasets.jena;

import dev.seqconv.api.io.DecompressionLimit;
import dev.seqconv.datasets.DataFileException;
import dev.seqconv.datasets.DatasetCache;
import dev.seqconv.datasets.RemoteFile;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The Jena climate record (Max Planck Institute for Biogeochemistry, 2009-2016) as Keras publishes it:
 * {@code jena_climate_2009_2016.csv}, a header {@code "Date Time"} and 14 quoted column names, then 420,551
 * rows, one every 10 minutes from {@code 01.01.2009 00:10:00} to {@code 01.01.2017 00:00:00}; zipped or not.
 *
 * <p>Keras publishes no checksum for the archive, so a fetched copy is verified by its content: the header,
 * every cell a finite number, the row count and the first and last timestamps.
 */
public final class JenaClimate {

    /** The file name inside Keras's archive. */
    public static final String CSV_NAME = "jena_climate_2009_2016.csv";

    /** The header line, exactly. */
    public static final String HEADER = "\"Date Time\",\"p (mbar)\",\"T (degC)\",\"Tpot (K)\",\"Tdew (degC)\",\"rh (%)\","
            + "\"VPmax (mbar)\",\"VPact (mbar)\",\"VPdef (mbar)\",\"sh (g/kg)\",\"H2OC (mmol/mol)\",\"rho (g/m**3)\","
            + "\"wv (m/s)\",\"max. wv (m/s)\",\"wd (deg)\"";

    public static final int ROWS = 420_551;
    /** The most bytes the CSV in a zip may decompress to: the record's holds 43 MB. */
    static final long MAX_CSV_BYTES = 64L << 20;
    public static final String FIRST_TIMESTAMP = "01.01.2009 00:10:00";
    public static final String LAST_TIMESTAMP = "01.01.2017 00:00:00";

    /** Keras's archive of the record; a download is accepted once it opens as a zip holding the CSV. */
    public static final RemoteFile ARCHIVE = new RemoteFile(
            URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip"),
            "jena_climate_2009_2016.csv.zip", new RemoteFile.Verifier() {
                @Override
                public Optional<String> problem(Path file) {
                    try (ZipFile zip = new ZipFile(file.toFile())) {
                        return zip.getEntry(CSV_NAME) != null ? Optional.empty()
                                : Optional.of("it holds no " + CSV_NAME);
                    } catch (IOException e) {
                        return Optional.of("it is not a readable zip (" + e.getMessage() + ")");
                    }
                }

                @Override
                public String description() {
                    return "a zip holding " + CSV_NAME;
                }
            });

    private JenaClimate() {
    }

    /**
     * The complete record, downloaded into {@code cache} on first use and verified by its content.
     *
     * @throws DataFileException if the cached copy is not the complete record
     */
    public static ClimateSeries fetch(DatasetCache cache) {
        Path archive = cache.fetch(ARCHIVE);
        ClimateSeries series = read(archive);
        completeRecordProblem(series).ifPresent(problem -> {
            throw new DataFileException(problem + "; delete " + archive + " to download it again");
        });
        return series;
    }

    /**
     * A series in the record's format, from a {@code .csv} file or a {@code .zip} holding one: the real record,
     * a part of it, or a test fixture.
     *
     * @throws DataFileException naming the file, the line and the fix for a missing, corrupt or malformed file
     */
    public static ClimateSeries read(Path file) {
        return read(file, MAX_CSV_BYTES);
    }

    /** @param maxCsvBytes the most bytes the CSV in a zip may decompress to */
    static ClimateSeries read(Path file, long maxCsvBytes) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("No Jena climate file at " + file + ": download " + ARCHIVE.uri()
                    + " and pass its path (zipped or unzipped), or use the synthetic series for a dry run");
        }
        try {
            if (file.toString().endsWith(".zip")) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".csv")).findFirst()
                            .orElseThrow(() -> new DataFileException(file + " holds no .csv file; expected "
                                    + CSV_NAME + " inside"));
                    try (InputStream in = new DecompressionLimit(zip.getInputStream(entry), maxCsvBytes,
                            file + "!" + entry.getName(), "the record's CSV holds 43 MB. Download it again",
                            DataFileException::new)) {
                        return parse(in, file + "!" + entry.getName());
                    }
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (EOFException | ZipException e) {
            throw new DataFileException(file + " is truncated or corrupt (" + e.getMessage() + "); download it again",
                    e);
        } catch (IOException e) {
            throw new DataFileException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Why {@code series} is not the complete Jena record, if it is not. */
    public static Optional<String> completeRecordProblem(ClimateSeries series) {
        if (series.rows() != ROWS || !series.firstTimestamp().equals(FIRST_TIMESTAMP)
                || !series.lastTimestamp().equals(LAST_TIMESTAMP)) {
            return Optional.of(series.source() + " has " + series.rows() + " rows from " + series.firstTimestamp()
                    + " to " + series.lastTimestamp() + "; the complete record has " + ROWS + " rows from "
                    + FIRST_TIMESTAMP + " to " + LAST_TIMESTAMP + ". It is truncated or another file");
        }
        return Optional.empty();
    }

    static ClimateSeries parse(InputStream in, String name) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = stripCr(lines.readLine());
        if (header == null) {
            throw new DataFileException(name + " is empty; expected the Jena climate CSV");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (!header.equals(HEADER)) {
            throw new DataFileException(name + " is not the Jena climate CSV: its header is\n  " + header
                    + "\nbut must be\n  " + HEADER);
        }
        int columns = ClimateSeries.COLUMNS.size();
        FloatBuilder values = new FloatBuilder(ROWS * columns);
        String first = null;
        String last = null;
        int lineNumber = 1;
        for (String line; (line = lines.readLine()) != null; ) {
            lineNumber++;
            line = stripCr(line);
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns + 1) {
                throw new DataFileException(name + ", line " + lineNumber + ": " + cells.length + " cells, expected "
                        + (columns + 1) + " (a timestamp and " + columns + " numbers)");
            }
            for (int c = 0; c < columns; c++) {
                values.add(number(cells[c + 1], name, lineNumber, c));
            }
            if (first == null) {
                first = cells[0];
            }
            last = cells[0];
        }
        if (first == null) {
            throw new DataFileException(name + " has a header but no rows");
        }
        return new ClimateSeries(values.toArray(), first, last, name);
    }

    private static float number(String cell, String name, int line, int column) {
        try {
            float v = Float.parseFloat(cell);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFileException(name + ", line " + line + ", column '" + ClimateSeries.COLUMNS.get(column)
                + "': '" + cell + "' is not a finite number; fix or remove that line");
    }

    private static String stripCr(String line) {
        return line != null && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A growable float array. */
    private static final class FloatBuilder {
        private float[] data;
        private int size;

        FloatBuilder(int capacity) {
            data = new float[capacity];
        }

        void add(float v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
