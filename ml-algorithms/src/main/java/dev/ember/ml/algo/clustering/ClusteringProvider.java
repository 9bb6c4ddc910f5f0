package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the clustering kernels and stages (listed in {@code META-INF/services}). */
public final class ClusteringProvider implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(KMeansKernels.PickTop.class, KMeansKernels.PickTop::new);
        registry.registerAggregate(KMeansKernels.CandidateCost.class, KMeansKernels.CandidateCost::new);
        registry.registerAggregate(KMeansKernels.SampleCandidates.class, KMeansKernels.SampleCandidates::new);
        registry.registerAggregate(KMeansKernels.CandidateWeights.class, KMeansKernels.CandidateWeights::new);
        registry.registerMap(KMeansKernels.HamerlyInit.class, KMeansKernels.HamerlyInit::new);
        registry.registerMap(KMeansKernels.HamerlyStep.class, KMeansKernels.HamerlyStep::new);
        registry.registerAggregate(KMeansKernels.ClusterSums.class, KMeansKernels.ClusterSums::new);
        registry.registerAggregate(KMeansKernels.FinalCost.class, KMeansKernels.FinalCost::new);
        registry.registerAggregate(KMeansKernels.AssignCost.class, KMeansKernels.AssignCost::new);
        registry.registerMap(KMeansKernels.Predict.class, KMeansKernels.Predict::new);
        registry.registerAggregate(GmmKernels.EStep.class, GmmKernels.EStep::new);
        registry.registerMap(GmmKernels.Predict.class, GmmKernels.Predict::new);
        registry.registerMap(BisectingKernels.Root.class, BisectingKernels.Root::new);
        registry.registerAggregate(BisectingKernels.NodeSums.class, BisectingKernels.NodeSums::new);
        registry.registerAggregate(BisectingKernels.ChildSums.class, BisectingKernels.ChildSums::new);
        registry.registerMap(BisectingKernels.Descend.class, BisectingKernels.Descend::new);
        registry.registerMap(BisectingKMeansModel.Predict.class, BisectingKMeansModel.Predict::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(KMeans.class, KMeans::load);
        registry.register(KMeansModel.class, KMeansModel.FORMAT_VERSION, KMeansModel::load);
        registry.register(GaussianMixture.class, GaussianMixture::load);
        registry.register(BisectingKMeans.class, BisectingKMeans::load);
        registry.register(BisectingKMeansModel.class, BisectingKMeansModel.FORMAT_VERSION, BisectingKMeansModel::load);
        registry.register(GaussianMixtureModel.class, GaussianMixtureModel.FORMAT_VERSION, GaussianMixtureModel::load);
    }
}
