package dev.seqconv.datasets.jena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.datasets.DataFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on fixture files in the exact format of {@code jena_climate_2009_2016.csv}, made here. */
class JenaClimateTest {

    private static final String ROW_1 = "01.01.2009 00:10:00,996.52,-8.02,265.40,-8.90,93.30,3.33,3.11,0.22,1.94,3.12,"
            + "1307.75,1.03,1.75,152.30";
    private static final String ROW_2 = "01.01.2009 00:20:00,996.57,-8.41,265.01,-9.28,93.40,3.23,3.02,0.21,1.89,3.03,"
            + "1309.80,0.72,1.50,136.10";

    @TempDir
    Path dir;

    @Test
    void readsTheRecordsFormatPlainOrZipped() throws IOException {
        Path csv = write("jena.csv", JenaClimate.HEADER + "\r\n" + ROW_1 + "\r\n" + ROW_2 + "\r\n");
        ClimateSeries series = JenaClimate.read(csv);
        assertThat(series.rows()).isEqualTo(2);
        assertThat(series.features()).isEqualTo(14);
        assertThat(series.get(0, ClimateSeries.TEMPERATURE)).isEqualTo(-8.02f);
        assertThat(series.get(1, 13)).isEqualTo(136.10f);
        assertThat(series.firstTimestamp()).isEqualTo("01.01.2009 00:10:00");
        assertThat(series.lastTimestamp()).isEqualTo("01.01.2009 00:20:00");
        assertThat(JenaClimate.completeRecordProblem(series)).get().asString().contains("420551 rows");

        Path zip = dir.resolve("jena.csv.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(JenaClimate.CSV_NAME));
            out.write(Files.readAllBytes(csv));
        }
        assertThat(JenaClimate.read(zip).toArray().toFloatArray()).containsExactly(series.toArray().toFloatArray());
    }

    @Test
    void syntheticSeriesRoundTripThroughTheSameFormat() {
        ClimateSeries synthetic = SyntheticWeather.generate(1_000, 3);
        assertThat(synthetic.source()).contains("synthetic").contains("not the Jena record");
        Path csv = dir.resolve("synthetic.csv");
        SyntheticWeather.writeCsv(synthetic, csv);
        ClimateSeries read = JenaClimate.read(csv);
        assertThat(read.rows()).isEqualTo(1_000);
        assertThat(read.lastTimestamp()).isEqualTo("07.01.2009 22:40:00");
        assertThat(read.get(500, ClimateSeries.TEMPERATURE)).isCloseTo(synthetic.get(500, ClimateSeries.TEMPERATURE),
                org.assertj.core.data.Offset.offset(0.005f));
    }

    @Test
    void syntheticColumnsAreCorrelatedAsWeatherIs() {
        ClimateSeries s = SyntheticWeather.generate(20_000, 1);
        assertThat(correlation(s, 1, 2)).as("T and Tpot").isGreaterThan(0.95);
        assertThat(correlation(s, 1, 5)).as("T and VPmax").isGreaterThan(0.9);
        assertThat(correlation(s, 1, 4)).as("T and rh").isLessThan(-0.3);
    }

    @Test
    void malformedFilesNameTheProblemAndTheLine() throws IOException {
        assertThatThrownBy(() -> JenaClimate.read(write("header.csv", "Date,T\n" + ROW_1 + "\n")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("is not the Jena climate CSV")
                .hasMessageContaining(JenaClimate.HEADER);
        assertThatThrownBy(() -> JenaClimate.read(write("cell.csv",
                JenaClimate.HEADER + "\n" + ROW_1 + "\n" + ROW_2.replace("-8.41", "n/a") + "\n")))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("line 3, column 'T (degC)': 'n/a' is not a finite number");
        assertThatThrownBy(() -> JenaClimate.read(write("short.csv", JenaClimate.HEADER + "\n" + "01.01.2009,1,2\n")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("line 2: 3 cells, expected 15");
        assertThatThrownBy(() -> JenaClimate.read(write("empty.csv", "")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> JenaClimate.read(dir.resolve("absent.csv")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("No Jena climate file")
                .hasMessageContaining("jena_climate_2009_2016.csv.zip");
    }

    @Test
    void aTruncatedZipIsReportedAsCorrupt() throws IOException {
        Path zip = dir.resolve("cut.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(JenaClimate.CSV_NAME));
            out.write((JenaClimate.HEADER + "\n" + ROW_1 + "\n").repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(zip);
        try (OutputStream out = Files.newOutputStream(zip)) {
            out.write(bytes, 0, bytes.length / 2);
        }
        assertThatThrownBy(() -> JenaClimate.read(zip)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static double correlation(ClimateSeries s, int a, int b) {
        List<Double> x = new java.util.ArrayList<>();
        List<Double> y = new java.util.ArrayList<>();
        for (int r = 0; r < s.rows(); r++) {
            x.add((double) s.get(r, a));
            y.add((double) s.get(r, b));
        }
        double mx = x.stream().mapToDouble(d -> d).average().orElseThrow();
        double my = y.stream().mapToDouble(d -> d).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.size(); i++) {
            sxy += (x.get(i) - mx) * (y.get(i) - my);
            sxx += (x.get(i) - mx) * (x.get(i) - mx);
            syy += (y.get(i) - my) * (y.get(i) - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void aZipWhoseCsvInflatesBeyondTheRecordIsRefusedWithItsSize() throws IOException {
        Path zip = dir.resolve("bomb.csv.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(JenaClimate.CSV_NAME));
            out.write((JenaClimate.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] rows = (ROW_1 + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 32; i++) {
                out.write(rows);
            }
        }
        assertThat(Files.size(zip)).isLessThan(100_000);
        assertThatThrownBy(() -> JenaClimate.read(zip, 1 << 20)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(zip + "!" + JenaClimate.CSV_NAME + " decompresses to more than 1,048,576 "
                        + "bytes (")
                .hasMessageContaining("the record's CSV holds 43 MB. Download it again");
    }
}
