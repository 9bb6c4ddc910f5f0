package dev.ember.ml.algo.feature;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the feature transformers' kernels with the runtime and their classes with persistence. */
public final class FeatureProvider implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(FeatureKernels.Assemble.class, FeatureKernels.Assemble::new);
        registry.registerMap(FeatureKernels.Affine.class, FeatureKernels.Affine::new);
        registry.registerMap(FeatureKernels.IndexStrings.class, FeatureKernels.IndexStrings::new);
        registry.registerAggregate(FeatureKernels.CountValues.class, FeatureKernels.CountValues::new);
        registry.registerAggregate(ScalerKernels.Extrema.class, ScalerKernels.Extrema::new);
        registry.registerMap(ScalerKernels.Rescale.class, ScalerKernels.Rescale::new);
        registry.registerMap(ScalerKernels.Normalize.class, ScalerKernels.Normalize::new);
        registry.registerMap(EncoderKernels.IndexToLabel.class, EncoderKernels.IndexToLabel::new);
        registry.registerAggregate(EncoderKernels.CategorySizes.class, EncoderKernels.CategorySizes::new);
        registry.registerMap(EncoderKernels.OneHot.class, EncoderKernels.OneHot::new);
        registry.registerAggregate(QuantileKernels.Means.class, QuantileKernels.Means::new);
        registry.registerAggregate(QuantileKernels.SortedValues.class, QuantileKernels.SortedValues::new);
        registry.registerAggregate(MomentKernels.ObservedMoments.class, MomentKernels.ObservedMoments::new);
        registry.registerMap(ImputerKernels.Impute.class, ImputerKernels.Impute::new);
        registry.registerMap(BucketKernels.Bucketize.class, BucketKernels.Bucketize::new);
        registry.registerMap(ProjectionKernels.Polynomial.class, ProjectionKernels.Polynomial::new);
        registry.registerAggregate(ProjectionKernels.Scatter.class, ProjectionKernels.Scatter::new);
        registry.registerMap(ProjectionKernels.Project.class, ProjectionKernels.Project::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(VectorAssembler.class, VectorAssembler::load);
        registry.register(StandardScaler.class, StandardScaler::load);
        registry.register(StandardScalerModel.class, StandardScalerModel::load);
        registry.register(StringIndexer.class, StringIndexer::load);
        registry.register(StringIndexerModel.class, StringIndexerModel::load);
        registry.register(MinMaxScaler.class, MinMaxScaler::load);
        registry.register(MinMaxScalerModel.class, MinMaxScalerModel::load);
        registry.register(MaxAbsScaler.class, MaxAbsScaler::load);
        registry.register(MaxAbsScalerModel.class, MaxAbsScalerModel::load);
        registry.register(Normalizer.class, Normalizer::load);
        registry.register(IndexToString.class, IndexToString::load);
        registry.register(OneHotEncoder.class, OneHotEncoder::load);
        registry.register(OneHotEncoderModel.class, OneHotEncoderModel::load);
        registry.register(Imputer.class, Imputer::load);
        registry.register(ImputerModel.class, ImputerModel::load);
        registry.register(Bucketizer.class, Bucketizer::load);
        registry.register(QuantileDiscretizer.class, QuantileDiscretizer::load);
        registry.register(QuantileDiscretizerModel.class, QuantileDiscretizerModel::load);
        registry.register(PolynomialExpansion.class, PolynomialExpansion::load);
        registry.register(PCA.class, PCA::load);
        registry.register(PCAModel.class, PCAModel::load);
    }
}
