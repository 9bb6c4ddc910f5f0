package dev.ember.ml.registry.figures;

import dev.ember.ml.core.tracking.Figure;
import dev.ember.ml.core.tracking.FigureRenderer;
import dev.ember.ml.core.tracking.TrackingException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws evaluation charts as PNG images with XChart (pure Java, headless): a curve as a line chart on the unit square
 * (with the chance diagonal for a ROC curve), a matrix as a heat map with the counts written in its cells. Found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services}.
 */
public final class XChartFigureRenderer implements FigureRenderer {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 560;

    /** For {@link java.util.ServiceLoader}; makes AWT headless unless the application chose otherwise. */
    public XChartFigureRenderer() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    @Override
    public void render(Figure figure, Path png) {
        Chart<?, ?> chart = figure instanceof Figure.Curve c ? curve(c) : matrix((Figure.Matrix) figure);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException | RuntimeException e) {
            throw new TrackingException("cannot draw the chart " + figure.name() + " to " + png + ": " + e, e);
        }
    }

    static XYChart curve(Figure.Curve c) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(c.title()).xAxisTitle(c.xLabel())
            .yAxisTitle(c.yLabel()).build();
        XYStyler st = chart.getStyler();
        st.setXAxisMin(0.0);
        st.setXAxisMax(1.0);
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridLinesVisible(true);
        XYSeries s = chart.addSeries(c.legend() == null || c.legend().isEmpty() ? c.name() : c.legend(), c.x(),
            c.y());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(31, 119, 180));
        if (c.diagonal()) {
            XYSeries d = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
            d.setMarker(SeriesMarkers.NONE);
            d.setLineColor(Color.GRAY);
        }
        return chart;
    }

    static HeatMapChart matrix(Figure.Matrix m) {
        int k = m.labels().size();
        int side = Math.max(WIDTH, 120 + 60 * k);
        HeatMapChart chart = new HeatMapChartBuilder().width(side).height(side).title(m.title())
            .xAxisTitle(m.columnLabel()).yAxisTitle(m.rowLabel()).build();
        HeatMapStyler hs = chart.getStyler();
        hs.setShowValue(true);
        hs.setHeatMapValueDecimalPattern("#,##0.##");
        hs.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        hs.setValueFontColor(Color.BLACK);
        hs.setChartBackgroundColor(Color.WHITE);
        hs.setLegendVisible(true);
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (int row = 0; row < k; row++) {
            for (int col = 0; col < k; col++) {
                double v = m.counts()[row][col];
                max = Math.max(max, v);
                // the first row (true label 0) at the top, as scikit-learn draws it
                cells.add(new Number[] {col, k - 1 - row, v});
            }
        }
        hs.setMin(0);
        hs.setMax(max > 0 ? max : 1);
        List<String> rows = new ArrayList<>(m.labels());
        java.util.Collections.reverse(rows);
        chart.addSeries(m.name(), m.labels(), rows, cells);
        return chart;
    }
}
