package dev.seqconv.examples;

import dev.seqconv.datasets.DataFileException;
import dev.seqconv.datasets.DatasetCache;
import dev.seqconv.datasets.imdb.Imdb;
import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.JenaClimate;
import dev.seqconv.datasets.jena.SyntheticWeather;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chapter's data comes from: a local copy, the verified download cache, or a synthetic series. */
public class DataSources {

    private final DatasetCache cache;

    @Inject
    public DataSources(DatasetCache cache) {
        this.cache = cache;
    }

    /** The IMDB reviews from {@code dataDir} (seqconv's layout) or, when it is null, fetched into the cache. */
    public Imdb imdb(Path dataDir) {
        return dataDir != null ? Imdb.fromDirectory(dataDir) : Imdb.fetch(cache);
    }

    /**
     * The Jena record from {@code dataDir} (the CSV, its zip, or a directory holding either), a synthetic series
     * of the same length, or, when neither is given, the record fetched into the cache.
     */
    public ClimateSeries jena(Path dataDir, boolean synthetic, long seed) {
        if (synthetic) {
            return SyntheticWeather.generate(JenaClimate.ROWS, seed);
        }
        if (dataDir == null) {
            return JenaClimate.fetch(cache);
        }
        if (Files.isRegularFile(dataDir)) {
            return JenaClimate.read(dataDir);
        }
        for (String name : new String[] {JenaClimate.CSV_NAME, JenaClimate.CSV_NAME + ".zip"}) {
            if (Files.isRegularFile(dataDir.resolve(name))) {
                return JenaClimate.read(dataDir.resolve(name));
            }
        }
        throw new DataFileException("No " + JenaClimate.CSV_NAME + " (or .zip) in " + dataDir + ". Download "
                + JenaClimate.ARCHIVE.uri() + " there, leave out --data-dir to fetch it into " + cache.directory()
                + ", or pass --synthetic for a dry run on made-up weather");
    }
}
