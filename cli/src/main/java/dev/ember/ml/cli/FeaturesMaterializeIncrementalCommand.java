package dev.ember.ml.cli;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Materializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ember features materialize-incremental [VIEW...]}: from each view's watermark to now. */
@Command(name = "materialize-incremental", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        ExitCodes.FAILED_LINE,
        ExitCodes.USAGE_LINE},
    description = "Materialize each view from its watermark (less its allowed lateness) to the last complete"
        + " interval.")
public final class FeaturesMaterializeIncrementalCommand implements Callable<Integer> {
    @Mixin
    private FeaturesOptions options;

    @Parameters(paramLabel = "VIEW", arity = "0..*", description = "views (default: all)")
    private List<String> views;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public FeaturesMaterializeIncrementalCommand() {
    }

    @Override
    public Integer call() throws Exception {
        try (Runtime rt = Runtime.create(options.master)) {
            Materializer m = options.materializer(rt);
            for (FeatureView v : FeaturesOptions.views(views, m.repository())) {
                FeaturesMaterializeCommand.print(spec.commandLine().getOut(), v, m.materializeIncremental(v), m);
            }
        }
        return 0;
    }
}
