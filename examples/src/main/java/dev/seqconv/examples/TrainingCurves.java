package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chapter's plots of a training run (as its {@code plot_acc_and_loss}): training values as dots, validation
 * values as a line, one chart for the loss and, where there is one, one for the accuracy, side by side in a PNG.
 */
final class TrainingCurves {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private TrainingCurves() {
    }

    static void save(History history, String title, Path png) {
        List<XYChart> charts = new ArrayList<>();
        if (history.asMap().containsKey("acc")) {
            charts.add(chart(history, "acc", "Training and validation accuracy", title));
        }
        charts.add(chart(history, "loss", "Training and validation loss", title));
        BufferedImage image = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * WIDTH, 0, null);
        }
        g.dispose();
        try (OutputStream out = Files.newOutputStream(png)) {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw OutputFiles.writeFailure(png, e);
        }
    }

    private static XYChart chart(History history, String key, String heading, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(heading + " — " + title)
                .xAxisTitle("Epochs").yAxisTitle(key).build();
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        List<Double> train = history.get(key);
        double[] epochs = IntStream.rangeClosed(1, train.size()).asDoubleStream().toArray();
        XYSeries dots = chart.addSeries("Training " + key, epochs, train.stream().mapToDouble(Double::doubleValue).toArray());
        dots.setMarker(SeriesMarkers.CIRCLE);
        dots.setLineStyle(SeriesLines.NONE);
        dots.setMarkerColor(Color.BLUE);
        if (history.asMap().containsKey("val_" + key)) {
            XYSeries line = chart.addSeries("Validation " + key, epochs,
                    history.get("val_" + key).stream().mapToDouble(Double::doubleValue).toArray());
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.BLUE);
        }
        return chart;
    }
}
