package dev.ember.ml.cli;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.cli.sweep.SweepSpecReader;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A sweep named on the command line: its sweep file, its journal file, or its name (the journal
 * {@code .ember/sweeps/NAME.journal} under the current directory).
 *
 * @param journal the journal file
 */
record SweepRef(Path journal) {
    static SweepRef resolve(String ref) {
        Path p = Path.of(ref);
        if (Files.isRegularFile(p) && (ref.endsWith(".yaml") || ref.endsWith(".yml"))) {
            return new SweepRef(SweepSpecReader.read(p).journal());
        }
        if (Files.isRegularFile(p)) {
            return new SweepRef(p);
        }
        Path byName = Path.of(".ember", "sweeps", ref + ".journal");
        if (Files.isRegularFile(byName)) {
            return new SweepRef(byName);
        }
        throw new InvalidArgumentException("sweep '" + ref + "': found no sweep file, journal, or " + byName
            + ", expected one of them");
    }

    SweepJournal.Contents contents() {
        return SweepJournal.read(journal);
    }

    Direction direction(SweepJournal.Contents c) {
        return c.header() == null ? Direction.MINIMIZE : Direction.valueOf(c.header().path("direction").asText(
            "MINIMIZE"));
    }

    Optional<TrialRecord> best(SweepJournal.Contents c) {
        Direction d = direction(c);
        return c.trials().stream().filter(t -> t.state() == TrialState.COMPLETE)
            .min(Comparator.comparingDouble(t -> d.loss(t.value())));
    }

    List<TrialRecord> trials(SweepJournal.Contents c) {
        return c.trials();
    }
}
