package dev.seqconv.datasets.jena;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.random.SeededRandom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A made-up weather series in the Jena record's format, for runs and tests without the real file — always
 * labelled as synthetic in its {@link ClimateSeries#source()}, never presented as the record.
 *
 * <p>Every 10 minutes: a temperature with a yearly and a daily cycle and slow "weather" (an AR(1) process) plus
 * noise; pressure drifting around 990 mbar; relative humidity falling as it warms; and the other columns derived
 * from those by the usual physics (saturation vapour pressure, dew point, specific humidity, air density), so
 * the columns are correlated as real ones are. Wind speed and direction wander on their own.
 */
public final class SyntheticWeather {

    private static final int STEPS_PER_DAY = 144;
    private static final int STEPS_PER_YEAR = 52_560;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss", Locale.ROOT);
    private static final LocalDateTime FIRST = LocalDateTime.of(2009, 1, 1, 0, 10);

    private SyntheticWeather() {
    }

    /** {@code rows} rows from the seed; the same seed gives the same series. */
    public static ClimateSeries generate(int rows, long seed) {
        Checks.positive("rows", rows);
        SeededRandom random = new SeededRandom(seed);
        int f = ClimateSeries.COLUMNS.size();
        float[] v = new float[rows * f];
        double weather = 0;
        double pressure = 990;
        double wind = 2;
        double direction = 180;
        for (int t = 0; t < rows; t++) {
            weather = 0.998 * weather + 0.12 * random.nextGaussian();
            pressure = 990 + 0.999 * (pressure - 990) + 0.25 * random.nextGaussian();
            wind = Math.max(0, 2 + 0.99 * (wind - 2) + 0.2 * random.nextGaussian());
            direction = (direction + 4 * random.nextGaussian() + 360) % 360;
            double year = 2 * Math.PI * t / STEPS_PER_YEAR;
            double day = 2 * Math.PI * (t % STEPS_PER_DAY) / STEPS_PER_DAY;
            double temperature = 9.5 - 9 * Math.cos(year) - 4 * Math.cos(day) + 3 * weather
                    + 0.2 * random.nextGaussian();
            double humidity = Math.min(100, Math.max(15, 76 - 1.8 * (temperature - 9.5) - 8 * Math.cos(day + Math.PI)
                    + 3 * random.nextGaussian()));
            double saturation = 6.1078 * Math.exp(17.27 * temperature / (temperature + 237.3));
            double vapour = saturation * humidity / 100;
            double logRatio = Math.log(vapour / 6.1078);
            double kelvin = temperature + 273.15;
            int o = t * f;
            v[o] = (float) pressure;
            v[o + 1] = (float) temperature;
            v[o + 2] = (float) (kelvin * Math.pow(1000 / pressure, 0.286));
            v[o + 3] = (float) (237.3 * logRatio / (17.27 - logRatio));
            v[o + 4] = (float) humidity;
            v[o + 5] = (float) saturation;
            v[o + 6] = (float) vapour;
            v[o + 7] = (float) (saturation - vapour);
            v[o + 8] = (float) (622 * vapour / (pressure - 0.378 * vapour));
            v[o + 9] = (float) (1000 * vapour / pressure);
            v[o + 10] = (float) (pressure * 100 / (287.05 * kelvin) * 1000);
            v[o + 11] = (float) wind;
            v[o + 12] = (float) (wind * 1.7 + Math.abs(0.3 * random.nextGaussian()));
            v[o + 13] = (float) direction;
        }
        return new ClimateSeries(v, timestamp(0), timestamp(rows - 1),
                "synthetic weather series (seed " + seed + ", " + rows + " rows) — not the Jena record");
    }

    /** Writes a series in the Jena CSV format (header, timestamps every 10 minutes from 01.01.2009 00:10:00). */
    public static void writeCsv(ClimateSeries series, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(JenaClimate.HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < series.rows(); r++) {
                line.setLength(0);
                line.append(timestamp(r));
                for (int c = 0; c < series.features(); c++) {
                    line.append(',').append(String.format(Locale.ROOT, "%.2f", series.get(r, c)));
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static String timestamp(int row) {
        return FIRST.plusMinutes(10L * row).format(TIMESTAMP);
    }
}
