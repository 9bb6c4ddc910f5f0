package dev.ember.ml.algo.tree;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the tree models' prediction kernel with the runtime and the tree stages with persistence. */
public final class TreeProvider implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(TreeKernels.Predict.class, TreeKernels.Predict::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(DecisionTreeClassifier.class, DecisionTreeClassifier::load);
        registry.register(DecisionTreeRegressor.class, DecisionTreeRegressor::load);
        registry.register(RandomForestClassifier.class, RandomForestClassifier::load);
        registry.register(RandomForestRegressor.class, RandomForestRegressor::load);
        registry.register(GBTClassifier.class, GBTClassifier::load);
        registry.register(GBTRegressor.class, GBTRegressor::load);
        registry.register(DecisionTreeClassificationModel.class, TreeEnsembleModel.FORMAT_VERSION, DecisionTreeClassificationModel::load);
        registry.register(DecisionTreeRegressionModel.class, TreeEnsembleModel.FORMAT_VERSION, DecisionTreeRegressionModel::load);
        registry.register(RandomForestClassificationModel.class, TreeEnsembleModel.FORMAT_VERSION, RandomForestClassificationModel::load);
        registry.register(RandomForestRegressionModel.class, TreeEnsembleModel.FORMAT_VERSION, RandomForestRegressionModel::load);
        registry.register(GBTClassificationModel.class, TreeEnsembleModel.FORMAT_VERSION, GBTClassificationModel::load);
        registry.register(GBTRegressionModel.class, TreeEnsembleModel.FORMAT_VERSION, GBTRegressionModel::load);
    }
}
