/**
 * The building blocks the fast training steps are made of: ND4J custom ops prepared once and called
 * in place ({@link io.sparksweep.train.ops.PreparedOp}), the dense layers and softmax output shared by
 * both steps ({@link io.sparksweep.train.ops.DenseTail}), the convolutions and poolings
 * ({@link io.sparksweep.train.ops.ConvHead}), and the optimizers' in-place updates (SGD, classic
 * momentum, Adam). It depends on DL4J and ND4J only, never on the rest of {@code train}.
 */
package io.sparksweep.train.ops;
