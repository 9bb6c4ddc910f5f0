package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.classification.LinearSVCModel;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.algo.clustering.KMeansModel;
import dev.ember.ml.algo.feature.Bucketizer;
import dev.ember.ml.algo.feature.ImputerModel;
import dev.ember.ml.algo.feature.IndexToString;
import dev.ember.ml.algo.feature.MaxAbsScalerModel;
import dev.ember.ml.algo.feature.MinMaxScalerModel;
import dev.ember.ml.algo.feature.Normalizer;
import dev.ember.ml.algo.feature.OneHotEncoderModel;
import dev.ember.ml.algo.feature.PCAModel;
import dev.ember.ml.algo.feature.QuantileDiscretizerModel;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.regression.LinearRegressionModel;
import dev.ember.ml.algo.tree.DecisionTreeClassificationModel;
import dev.ember.ml.algo.tree.DecisionTreeRegressionModel;
import dev.ember.ml.algo.tree.GBTClassificationModel;
import dev.ember.ml.algo.tree.GBTRegressionModel;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.RandomForestRegressionModel;
import dev.ember.ml.onnx.OnnxExporterProvider;
import dev.ember.ml.onnx.OnnxExporterRegistry;

/** Registers the exporters of Ember's own stages that have an ONNX or ONNX-ML equivalent. */
public final class BuiltInExporters implements OnnxExporterProvider {

    @Override
    public void registerExporters(OnnxExporterRegistry registry) {
        registry.register(StandardScalerModel.class, FeatureExporters::standardScaler)
            .register(MinMaxScalerModel.class, FeatureExporters::minMaxScaler)
            .register(MaxAbsScalerModel.class, FeatureExporters::maxAbsScaler)
            .register(VectorAssembler.class, FeatureExporters::vectorAssembler)
            .register(OneHotEncoderModel.class, FeatureExporters::oneHotEncoder)
            .register(ImputerModel.class, FeatureExporters::imputer)
            .register(StringIndexerModel.class, FeatureExporters::stringIndexer)
            .register(IndexToString.class, FeatureExporters::indexToString)
            .register(Bucketizer.class, FeatureExporters::bucketizer)
            .register(QuantileDiscretizerModel.class, FeatureExporters::quantileDiscretizer)
            .register(PCAModel.class, FeatureExporters::pca)
            .register(Normalizer.class, FeatureExporters::normalizer)
            .register(KMeansModel.class, ClusteringExporters::kMeans)
            .register(NaiveBayesModel.class, BayesExporters::naiveBayes)
            .register(LinearRegressionModel.class, LinearExporters::linearRegression)
            .register(LogisticRegressionModel.class, LinearExporters::logisticRegression)
            .register(LinearSVCModel.class, LinearExporters::linearSvc)
            .register(DecisionTreeClassificationModel.class, TreeExporters::decisionTreeClassifier)
            .register(RandomForestClassificationModel.class, TreeExporters::randomForestClassifier)
            .register(DecisionTreeRegressionModel.class, TreeExporters::forestRegressor)
            .register(RandomForestRegressionModel.class, TreeExporters::forestRegressor)
            .register(GBTClassificationModel.class, TreeExporters::gbtClassifier)
            .register(GBTRegressionModel.class, TreeExporters::gbtRegressor);
    }
}
