package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.Pruner;
import dev.ember.ml.pipeline.sweep.SearchSpace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep file (see {@code docs/Sweeps.md} and {@code docs/sweep.schema.json}).
 *
 * @param name      the sweep name
 * @param file      the sweep file, or null
 * @param text      the sweep file's text (logged to the parent run)
 * @param data      the data section
 * @param pipeline  the stages, with their fixed params applied
 * @param space     the search space; names are {@code stage.param}, or free names used only as conditions
 * @param strategy  the strategy section
 * @param pruner    the early-stopping rule ({@link Pruner#NONE} when absent)
 * @param objective the evaluator and direction
 * @param budget    the budget
 * @param parallel  trials at once
 * @param seed      the sweep seed
 * @param tracking  the tracking section, or null for none
 * @param journal   the journal file
 */
public record SweepSpec(String name, Path file, String text, Data data, List<Stage> pipeline, SearchSpace space,
                        Strategy strategy, Pruner pruner, Objective objective, Budget budget, int parallel,
                        long seed, Tracking tracking, Path journal) {

    /**
     * @param path another journal file
     * @return this spec writing its journal there
     */
    public SweepSpec withJournal(Path path) {
        return new SweepSpec(name, file, text, data, pipeline, space, strategy, pruner, objective, budget, parallel,
            seed, tracking, path);
    }

    /**
     * Where the data comes from and how it is split.
     *
     * @param paths      CSV or Parquet files
     * @param format     csv or parquet
     * @param options    reader options (csv: delimiter, header, nullValues)
     * @param trainRatio fraction of rows to train on (the rest validates), or null with folds
     * @param folds      k for k-fold cross-validation, or 0
     * @param seed       the split seed
     */
    public record Data(List<Path> paths, String format, Map<String, Object> options, Double trainRatio, int folds,
                       long seed) {
    }

    /**
     * One pipeline stage.
     *
     * @param type  the registered class name
     * @param name  the name used in {@code stage.param} addresses
     * @param stage the stage with its fixed params
     */
    public record Stage(String type, String name, PipelineStage stage) {
    }

    /**
     * The sampler.
     *
     * @param type          grid, random or tpe
     * @param startupTrials tpe: random trials first
     * @param eiCandidates  tpe: candidates per suggestion
     * @param multivariate  tpe: joint sampling
     * @param gridPoints    grid: points per numeric parameter
     */
    public record Strategy(String type, int startupTrials, int eiCandidates, boolean multivariate, int gridPoints) {
    }

    /**
     * What is optimized.
     *
     * @param metric    the evaluator metric
     * @param direction minimize or maximize
     * @param evaluator the evaluator computing it
     */
    public record Objective(String metric, Direction direction, Evaluator evaluator) {
    }

    /**
     * MLflow tracking.
     *
     * @param experiment   the experiment
     * @param parentRun    the parent run's name
     * @param registerName register the best model under this name, or null
     * @param alias        and point this alias at it, or null
     */
    public record Tracking(String experiment, String parentRun, String registerName, String alias) {
    }
}
