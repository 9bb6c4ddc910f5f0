package dev.ember.ml.cli.sweep;

import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.Distribution;
import dev.ember.ml.pipeline.sweep.ParamSpec;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of a finished sweep, as PNG files (XChart, headless): the optimization history (every complete trial's
 * value and the best so far), parallel coordinates (each complete trial a line across its parameters' positions
 * in their ranges, the best tenth highlighted), and parameter importance.
 *
 * <p>Importance is the absolute Spearman rank correlation between a parameter's value (its internal coordinate:
 * log for log-scaled ones, the index for choices) and the objective over the complete trials that have it,
 * normalized to sum to 1. It is cheaper and cruder than Optuna's default (fANOVA over a random forest): it sees
 * monotone effects, not interactions or a peak in the middle of a range.
 */
public final class SweepPlots {
    private SweepPlots() {
    }

    /**
     * @param trials    the finished trials
     * @param space     the search space
     * @param direction the direction
     * @param metric    the metric's name
     * @param dir       where to write the PNG files
     * @return the files written
     */
    public static List<Path> write(List<TrialRecord> trials, SearchSpace space, Direction direction, String metric,
                                   Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<TrialRecord> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
            .sorted(Comparator.comparingInt(TrialRecord::number)).toList();
        List<Path> out = new ArrayList<>();
        if (complete.isEmpty()) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            out.add(save(history(complete, direction, metric), dir.resolve("optimization_history")));
            out.add(save(parallel(complete, space, direction, metric), dir.resolve("parallel_coordinates")));
            out.add(save(importance(complete, space), dir.resolve("param_importances")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep plots to " + dir, e);
        }
        return out;
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path base) throws IOException {
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        return base.resolveSibling(base.getFileName() + ".png");
    }

    static XYChart history(List<TrialRecord> complete, Direction direction, String metric) {
        XYChart c = new XYChartBuilder().width(800).height(500).title("Optimization history")
            .xAxisTitle("trial").yAxisTitle(metric).build();
        double[] x = new double[complete.size()];
        double[] y = new double[complete.size()];
        double[] best = new double[complete.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = complete.get(i).number();
            y[i] = complete.get(i).value();
            best[i] = i == 0 || direction.better(y[i], best[i - 1]) ? y[i] : best[i - 1];
        }
        XYSeries s = c.addSeries(metric, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries b = c.addSeries("best so far", x, best);
        b.setMarker(SeriesMarkers.NONE);
        b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        return c;
    }

    static XYChart parallel(List<TrialRecord> complete, SearchSpace space, Direction direction, String metric) {
        List<ParamSpec> params = space.params();
        XYChart c = new XYChartBuilder().width(900).height(500).title("Parallel coordinates")
            .xAxisTitle(String.join("  |  ", params.stream().map(ParamSpec::name).toList()) + "  |  " + metric)
            .yAxisTitle("position in range").build();
        c.getStyler().setLegendVisible(false);
        double lo = complete.stream().mapToDouble(TrialRecord::value).min().orElse(0);
        double hi = complete.stream().mapToDouble(TrialRecord::value).max().orElse(1);
        List<TrialRecord> sorted = new ArrayList<>(complete);
        sorted.sort(Comparator.comparingDouble(t -> -direction.loss(t.value())));
        int top = Math.max(1, sorted.size() / 10);
        for (int k = 0; k < sorted.size(); k++) {
            TrialRecord t = sorted.get(k);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int j = 0; j < params.size(); j++) {
                Object v = t.params().get(params.get(j).name());
                if (v != null) {
                    Distribution d = params.get(j).distribution();
                    xs.add((double) j);
                    ys.add((d.toInternal(v) - d.internalLow()) / (d.internalHigh() - d.internalLow()));
                }
            }
            xs.add((double) params.size());
            ys.add(hi > lo ? (t.value() - lo) / (hi - lo) : 0.5);
            XYSeries s = c.addSeries("trial " + t.number(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            boolean best = k >= sorted.size() - top;
            s.setLineColor(best ? new Color(200, 30, 30) : new Color(120, 120, 200, 90));
        }
        return c;
    }

    static CategoryChart importance(List<TrialRecord> complete, SearchSpace space) {
        Map<String, Double> imp = importances(complete, space);
        CategoryChart c = new CategoryChartBuilder().width(800).height(500).title("Parameter importance")
            .xAxisTitle("parameter").yAxisTitle("|Spearman rank correlation|, normalized").build();
        c.getStyler().setLegendVisible(false);
        c.addSeries("importance", new ArrayList<>(imp.keySet()), new ArrayList<>(imp.values()));
        return c;
    }

    /**
     * @param complete complete trials
     * @param space    the space
     * @return each parameter's normalized |Spearman correlation| with the objective, largest first
     */
    static Map<String, Double> importances(List<TrialRecord> complete, SearchSpace space) {
        Map<String, Double> raw = new LinkedHashMap<>();
        double total = 0;
        for (ParamSpec p : space.params()) {
            List<double[]> pairs = new ArrayList<>();
            for (TrialRecord t : complete) {
                Object v = t.params().get(p.name());
                if (v != null) {
                    pairs.add(new double[] {p.distribution().toInternal(v), t.value()});
                }
            }
            double r = pairs.size() < 3 ? 0 : Math.abs(spearman(pairs));
            raw.put(p.name(), Double.isNaN(r) ? 0 : r);
            total += Double.isNaN(r) ? 0 : r;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double t = total;
        raw.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(e -> out.put(e.getKey(), t > 0 ? e.getValue() / t : 0));
        return out;
    }

    private static double spearman(List<double[]> pairs) {
        double[] a = ranks(pairs.stream().mapToDouble(p -> p[0]).toArray());
        double[] b = ranks(pairs.stream().mapToDouble(p -> p[1]).toArray());
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
