package io.sparksweep.stats;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.util.ArrayList;
import java.util.List;

/**
 * fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014) over a random forest: how much of the variance of
 * a response over a space of configurations each dimension explains alone. The forest is Tribuo's
 * (bagged CART regression trees that try a random 70 % of the dimensions at each split); the functional ANOVA of each tree is computed
 * here, exactly, from its splits: the space is a product of per-dimension measures (finite sets of
 * equally weighted points, see {@link Dimension}), a tree partitions it into boxes, and a dimension's
 * main effect is the variance, over that dimension, of the tree's prediction averaged over all the
 * others. Each tree's shares are averaged; the forest is refit with {@link #SEEDS} seeds and the spread
 * of the shares across them says how firm they are.
 */
final class ForestAnova {

    /** Forests fitted, each with its own seed; the shares' spread over them is reported. */
    static final int SEEDS = 5;
    /** Trees per forest (fANOVA's default is 30). */
    static final int TREES = 32;

    /**
     * One dimension of the space: its values on the scale the forest sees (log10 for a log-searched
     * number, an index for a choice) and the points its measure puts equal weight on.
     *
     * @param atoms the measure's points, ascending
     */
    record Dimension(String name, double[] atoms) {}

    /** Each dimension's share: the mean over forests, and the standard deviation over them. */
    record Share(double mean, double std) {}

    /**
     * Tribuo logs each tree it builds through java.util.logging at INFO, which reaches the console;
     * kept here so the setting is not collected with an unreferenced logger.
     */
    private static final java.util.logging.Logger TRIBUO_LOG = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.tribuo");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    private ForestAnova() {}

    /**
     * The main-effect shares of a response over the space.
     *
     * @param x the observed points, x[i][d] on dimension d's scale
     * @param y the response at each
     */
    static List<Share> shares(List<Dimension> dims, double[][] x, double[] y) {
        int d = dims.size();
        double[][] perSeed = new double[SEEDS][];
        for (int s = 0; s < SEEDS; s++) {
            perSeed[s] = forestShares(dims, x, y, 1000L + s);
        }
        List<Share> out = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] v : perSeed) {
                mean += v[j] / SEEDS;
            }
            double ss = 0;
            for (double[] v : perSeed) {
                ss += (v[j] - mean) * (v[j] - mean);
            }
            out.add(new Share(mean, Math.sqrt(ss / (SEEDS - 1))));
        }
        return out;
    }

    /** The shares of one forest: each tree's fANOVA, averaged over the trees whose prediction varies. */
    static double[] forestShares(List<Dimension> dims, double[][] x, double[] y, long seed) {
        int d = dims.size();
        String[] names = dims.stream().map(Dimension::name).toArray(String[]::new);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("sweep configurations", factory), factory);
        for (int i = 0; i < y.length; i++) {
            Example<Regressor> e = new ArrayExample<>(new Regressor("y", y[i]), names, x[i]);
            data.add(e);
        }
        // a random forest: bootstrap samples, and a random 70 % of the dimensions tried at each split;
        // with one or two dimensions every split tries all (Tribuo's RandomForestTrainer insists on
        // subsampling, so its parent, plain bagging, runs the trees)
        float fraction = d <= 2 ? 1f : 0.7f;
        CARTRegressionTrainer cart =
                new CARTRegressionTrainer(Integer.MAX_VALUE, 1f, 0f, fraction, new MeanSquaredError(), seed);
        BaggingTrainer<Regressor> forest = new BaggingTrainer<>(cart, new AveragingCombiner(), TREES, seed);
        EnsembleModel<Regressor> model = (EnsembleModel<Regressor>) forest.train(data);
        int[] featureOf = new int[d]; // the forest's feature id of each dimension (-1: never seen)
        for (int j = 0; j < d; j++) {
            featureOf[j] = model.getFeatureIDMap().get(names[j]) == null
                    ? -1
                    : model.getFeatureIDMap().get(names[j]).getID();
        }
        double[] sum = new double[d];
        int counted = 0;
        for (Model<Regressor> member : model.getModels()) {
            // a regression tree keeps one root per output dimension; there is one output here
            Node<Regressor> root = member instanceof IndependentRegressionTreeModel t
                    ? t.getRoots().values().iterator().next()
                    : ((TreeModel<Regressor>) member).getRoot();
            double[] shares = treeShares(root, dims, featureOf);
            if (shares != null) {
                for (int j = 0; j < d; j++) {
                    sum[j] += shares[j];
                }
                counted++;
            }
        }
        for (int j = 0; j < d; j++) {
            sum[j] = counted == 0 ? 0 : sum[j] / counted;
        }
        return sum;
    }

    /** A leaf's box: per dimension, the atoms it holds (bit i: atom i), and its prediction. */
    private record Box(long[] atoms, double value) {}

    /** One tree's main-effect shares, or null when its prediction is the same everywhere. */
    static double[] treeShares(Node<Regressor> root, List<Dimension> dims, int[] featureOf) {
        int d = dims.size();
        long[] all = new long[d];
        for (int j = 0; j < d; j++) {
            all[j] = dims.get(j).atoms().length == 64 ? -1L : (1L << dims.get(j).atoms().length) - 1;
        }
        List<Box> boxes = new ArrayList<>();
        collect(root, all, dims, featureOf, boxes);
        double mean = 0, square = 0;
        for (Box b : boxes) {
            double p = mass(b, -1, dims);
            mean += p * b.value();
            square += p * b.value() * b.value();
        }
        double total = square - mean * mean;
        if (!(total > 1e-15 * Math.max(1, square))) {
            return null;
        }
        double[] shares = new double[d];
        for (int j = 0; j < d; j++) {
            int n = dims.get(j).atoms().length;
            double marginalSquare = 0;
            for (int a = 0; a < n; a++) {
                double f = 0; // the prediction averaged over every other dimension, with dimension j at atom a
                for (Box b : boxes) {
                    if ((b.atoms()[j] & (1L << a)) != 0) {
                        f += b.value() * mass(b, j, dims);
                    }
                }
                marginalSquare += f * f / n;
            }
            shares[j] = Math.max(0, Math.min(1, (marginalSquare - mean * mean) / total));
        }
        return shares;
    }

    /** The measure of a box's atoms over every dimension but {@code skip}. */
    private static double mass(Box b, int skip, List<Dimension> dims) {
        double p = 1;
        for (int k = 0; k < dims.size(); k++) {
            if (k != skip) {
                p *= Long.bitCount(b.atoms()[k]) / (double) dims.get(k).atoms().length;
            }
        }
        return p;
    }

    private static void collect(
            Node<Regressor> node, long[] atoms, List<Dimension> dims, int[] featureOf, List<Box> out) {
        if (node instanceof LeafNode<Regressor> leaf) {
            out.add(new Box(atoms.clone(), leaf.getOutput().getValues()[0]));
            return;
        }
        SplitNode<Regressor> split = (SplitNode<Regressor>) node;
        int j = -1;
        for (int k = 0; k < featureOf.length; k++) {
            if (featureOf[k] == split.getFeatureID()) {
                j = k;
            }
        }
        long below = 0;
        double[] a = dims.get(j).atoms();
        for (int i = 0; i < a.length; i++) {
            if (a[i] <= split.splitValue()) {
                below |= 1L << i;
            }
        }
        long[] left = atoms.clone(), right = atoms.clone();
        left[j] &= below;
        right[j] &= ~below;
        if (left[j] != 0) {
            collect(split.getLessThanOrEqual(), left, dims, featureOf, out);
        }
        if (right[j] != 0) {
            collect(split.getGreaterThan(), right, dims, featureOf, out);
        }
    }
}
