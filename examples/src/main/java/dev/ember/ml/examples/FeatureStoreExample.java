package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureStore;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.HistoricalOptions;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.features.registry.Plan;
import dev.ember.ml.features.registry.Registry;
import dev.ember.ml.features.schedule.Scheduler;
import dev.ember.ml.features.schedule.SchedulerConfig;
import dev.ember.ml.features.schedule.ViewStatus;
import dev.ember.ml.features.yaml.FeaturesYaml;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature store end to end on real timestamped data (monthly stock prices of five tickers, from
 * vega-datasets; {@code examples/data/stocks/README.md}): apply {@code features.yaml} to a registry, backfill the
 * view, build a point-in-time training set, fit a pipeline on it, and run the scheduler over a simulated day.
 *
 * <p>The model predicts whether a ticker's price rises over the next month from features known at the start of
 * the month: the price against its 90-day mean and 365-day maximum, and its 365-day volatility. The label comes
 * from the next month's row; the features never do (the point-in-time join reads nothing after each row's time).
 */
public final class FeatureStoreExample {
    /** The seed of the train/test split. */
    static final long SPLIT_SEED = 7;

    /**
     * What the example produced.
     *
     * @param backfill the backfill's runs
     * @param trainingRows rows of the training set with every feature present
     * @param testAuc area under ROC on the held-out rows
     * @param simulatedDay the scheduler's runs during the simulated day
     * @param status the view status after it
     * @param training the training set (entity rows with features and label)
     */
    public record Result(List<RunRecord> backfill, long trainingRows, double testAuc, List<RunRecord> simulatedDay,
                        List<ViewStatus> status, Frame training) {
    }

    private FeatureStoreExample() {
    }

    /**
     * @param args the stocks directory (default {@code examples/data/stocks}) and a work directory (default
     *     {@code target/feature-store-example})
     * @throws IOException if files cannot be copied
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/stocks");
        Path work = Path.of(args.length > 1 ? args[1] : "target/feature-store-example");
        try (Runtime rt = Runtime.inProcess()) {
            run(data, work, rt, System.out);
        }
    }

    /**
     * @param data the directory with {@code features.yaml} and {@code stocks.csv}
     * @param work an empty work directory (registry, store)
     * @param rt the runtime
     * @param out where to print
     * @return what it produced
     * @throws IOException if files cannot be copied
     */
    public static Result run(Path data, Path work, Runtime rt, PrintStream out) throws IOException {
        Path repoDir = work.resolve("repo");
        Files.createDirectories(repoDir);
        for (String f : List.of("features.yaml", "stocks.csv")) {
            Files.copy(data.resolve(f), repoDir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        SimulatedClock clock = new SimulatedClock(Instant.parse("2010-02-15T00:00:00Z"));

        // $example on:apply$
        Registry registry = new Registry(work.resolve("registry"));
        Plan plan = registry.plan(FeaturesYaml.load(repoDir.resolve("features.yaml")));
        out.print(plan.render());
        registry.apply(plan);
        FeatureRepository repo = registry.read().repository();
        FeatureView view = repo.view("ticker_prices");
        // $example off:apply$

        // $example on:backfill$
        Materializer materializer = new Materializer(repo, rt, new OfflineLayout(work.resolve("store")), clock);
        List<RunRecord> backfill = materializer.materialize(view, Instant.parse("2007-01-01T00:00:00Z"),
            Instant.parse("2010-02-01T00:00:00Z"));
        // $example off:backfill$
        out.printf("backfill: %d intervals, %d rows, watermark %s%n", backfill.size(),
            backfill.stream().mapToLong(RunRecord::rows).sum(), materializer.watermark(view).orElseThrow());

        // $example on:training$
        Frame entities = labelledEntities(rt, repoDir.resolve("stocks.csv"));  // symbol, date, label
        FeatureStore store = new FeatureStore(repo, rt);
        Frame training = store.historicalFeatures(entities, List.of(
                "ticker_prices:price", "ticker_prices:log_price", "ticker_prices:price_mean_90d",
                "ticker_prices:price_max_365d", "ticker_prices:price_mean_365d",
                "ticker_prices:price_stddev_365d"),
                HistoricalOptions.defaults().withTimestampColumn("date"))
            .filter("price_stddev_365d IS NOT NULL AND price_mean_90d IS NOT NULL")
            .withColumn("vs_mean_90d", "price / price_mean_90d")
            .withColumn("vs_max_365d", "price / price_max_365d")
            .withColumn("volatility_365d", "price_stddev_365d / price_mean_365d")
            .cache();
        Frame[] split = training.randomSplit(new double[] {0.75, 0.25}, SPLIT_SEED);
        PipelineModel model = new Pipeline(
            new VectorAssembler().inputCols("vs_mean_90d", "vs_max_365d", "volatility_365d", "log_price")
                .outputCol("raw"),
            new StandardScaler().inputCol("raw").outputCol("features"),
            new LogisticRegression().regParam(0.01)).fit(split[0]);
        double auc = new BinaryClassificationEvaluator().evaluate(model.transform(split[1]));
        // $example off:training$
        long rows = training.count();
        out.printf("training set: %d rows (%d train, %d test); test areaUnderROC %.4f%n", rows, split[0].count(),
            split[1].count(), auc);

        // $example on:schedule$
        List<RunRecord> day = new ArrayList<>();
        clock.set(Instant.parse("2010-02-28T12:00:00Z"));
        try (Scheduler scheduler = new Scheduler(materializer, SchedulerConfig.defaults())) {
            for (int hour = 0; hour <= 24; hour++) {            // one simulated day, a tick per hour
                day.addAll(scheduler.tick());
                clock.advance(Duration.ofHours(1));
            }
        }
        List<ViewStatus> status = ViewStatus.of(materializer);
        out.print(ViewStatus.render(status));
        // $example off:schedule$
        for (RunRecord r : day) {
            out.printf("scheduled run: %s %s %s, %d rows%n", r.view(), r.interval(), r.status(), r.rows());
        }
        return new Result(backfill, rows, auc, day, status, training);
    }

    /**
     * The entity rows: every (symbol, date) of 2001 to 2009 with the label 1 if the next month's price is higher.
     */
    static Frame labelledEntities(Runtime rt, Path csv) {
        List<Row> rows = CsvReader.builder().runtime(rt).read(csv).head(Integer.MAX_VALUE);
        Map<String, Double> priceAt = new HashMap<>();
        for (Row r : rows) {
            priceAt.put(r.get("symbol") + "@" + r.get("date"), (Double) r.get("price"));
        }
        ColumnBuilder sym = new ColumnBuilder(Field.of("symbol", DataType.STRING, false), rows.size());
        ColumnBuilder date = new ColumnBuilder(Field.of("date", DataType.TIMESTAMP, false), rows.size());
        ColumnBuilder label = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), rows.size());
        for (Row r : rows) {
            Instant t = (Instant) r.get("date");
            Instant next = t.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            Double p1 = priceAt.get(r.get("symbol") + "@" + next);
            if (p1 == null || t.isBefore(Instant.parse("2001-01-01T00:00:00Z"))
                || !t.isBefore(Instant.parse("2010-01-01T00:00:00Z"))) {
                continue;
            }
            sym.appendString((String) r.get("symbol"));
            date.appendLong(t.getEpochSecond() * 1_000_000L);
            label.appendDouble(p1 > (Double) r.get("price") ? 1 : 0);
        }
        return Frame.ofColumns(rt, sym.build(), date.build(), label.build());
    }

    /** A clock the example moves by hand, so a day of scheduling takes a second. */
    static final class SimulatedClock extends Clock {
        private volatile Instant now;

        SimulatedClock(Instant start) {
            this.now = start;
        }

        void set(Instant t) {
            now = t;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
