package dev.ember.ml.core.tracking;

import dev.ember.ml.core.data.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** What {@link Tracking#onEvaluate} logs, and to which run. */
final class EvaluationLogger {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationLogger.class);
    /** The artifact directory the charts go to. */
    static final String ARTIFACT_DIR = "evaluation";
    private static final ThreadLocal<Deque<String>> CONTEXT = ThreadLocal.withInitial(ArrayDeque::new);
    private static volatile FigureRenderer renderer;
    private static volatile boolean rendererLooked;

    private EvaluationLogger() {
    }

    /** @return the run an evaluation made now on this thread would be logged to, or null */
    static Run target() {
        Tracking.Active active = Tracking.topForFit();
        if (active == null || FitNesting.depth() > 0) {
            // no run, or an evaluation inside a fit (a cross-validation's folds, even in a run the fit started for
            // itself): the fit logs what it chose
            return null;
        }
        return active.run();
    }

    static void onEvaluate(Frame predictions, Evaluation e) {
        Run run = target();
        if (run == null) {
            return;
        }
        String context = CONTEXT.get().peek();
        String prefix = (context == null ? "" : context + ".") + e.evaluatorName();
        long step = run.nextEvaluationStep(prefix);
        long now = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>();
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            points.add(new MetricPoint(prefix + "." + m.getKey(), m.getValue(), now, step));
        }
        run.logMetrics(points);
        if (predictions != null && !run.firstFiguresFor(predictions, prefix)) {
            return;
        }
        FigureRenderer r = renderer();
        if (r == null) {
            return;
        }
        List<Figure> figures = e.figures().get();
        if (figures.isEmpty()) {
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ember-figures-");
            for (Figure f : figures) {
                String file = e.evaluatorName() + "." + f.name() + (step == 0 ? "" : ".step" + step) + ".png";
                r.render(f, dir.resolve(file));
            }
            run.logArtifact(dir, context == null ? ARTIFACT_DIR : ARTIFACT_DIR + "/" + context);
        } catch (IOException ex) {
            throw new TrackingException("cannot write the charts of " + prefix + ": " + ex, ex);
        } finally {
            deleteTree(dir);
        }
    }

    static EvaluationContext enter(String name) {
        CONTEXT.get().push(name);
        return new EvaluationContext(name);
    }

    static void exit(String name) {
        Deque<String> d = CONTEXT.get();
        if (d.contains(name)) {
            while (!d.isEmpty() && !d.pop().equals(name)) {
                // drop contexts left open inside it
            }
        }
    }

    private static FigureRenderer renderer() {
        if (!rendererLooked) {
            synchronized (EvaluationLogger.class) {
                if (!rendererLooked) {
                    renderer = ServiceLoader.load(FigureRenderer.class).findFirst().orElse(null);
                    rendererLooked = true;
                    if (renderer == null) {
                        LOG.debug("no FigureRenderer on the class path: evaluations log metrics without charts");
                    }
                }
            }
        }
        return renderer;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
