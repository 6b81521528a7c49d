package io.sparksweep.train.ops;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

/** The ND4J workspace a fast step's ops run in, one per step class, reused every step. */
public final class StepWorkspace {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();

    private final String id;
    /**
     * DL4J's dropout allocates its mask through this; in the step's workspace (open during fit) it is
     * reused every step. Detached masks (noWorkspaces) were never freed: ~1 GB an epoch for seed 004's CNN.
     */
    public final LayerWorkspaceMgr masks;

    public StepWorkspace(String id) {
        this.id = id;
        masks = LayerWorkspaceMgr.builder().defaultWorkspace(id, CONFIG).build();
    }

    /** Opens the workspace for one step or one forward pass. */
    public MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }
}
