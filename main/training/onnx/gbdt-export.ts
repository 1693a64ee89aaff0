import type { GbdtModel } from '../gbdt/model';
import { BATCH, FLAT_SHAPE, MODEL_HEADER, featureMatrix, flatShape } from './features-graph';
import { DataType, type Node, encodeModel } from './onnx-proto';

/**
 * A GBDT as one ONNX graph: raw inputs, category encoding, ai.onnx.ml TreeEnsembleRegressor
 * summing the trees, and a sigmoid for binary models. Output `probability` (binary) or
 * `prediction` (regression), shape `[N]`.
 */
export function exportGbdt(model: GbdtModel, producerVersion: string, metadata: Record<string, string> = {}): Uint8Array {
  const { inputs, nodes, initializers } = featureMatrix(model.features, 'lode_features');
  const ensemble = treeEnsemble(model);
  nodes.push({
    op: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    inputs: ['lode_features'],
    outputs: ['lode_score'],
    name: 'trees',
    attributes: ensemble,
  });
  const binary = model.objective === 'binary';
  const output = binary ? 'probability' : 'prediction';
  nodes.push({ op: 'Reshape', inputs: ['lode_score', FLAT_SHAPE], outputs: [binary ? 'lode_margin' : output], name: 'flatten' });
  if (binary) nodes.push({ op: 'Sigmoid', inputs: ['lode_margin'], outputs: [output], name: 'sigmoid' });
  return encodeModel({
    ...MODEL_HEADER,
    producerVersion,
    docString: `Lode GBDT (${model.objective}, ${model.trees.length} trees)`,
    metadata,
    graph: {
      name: 'lode_gbdt',
      nodes,
      inputs,
      outputs: [{ name: output, type: DataType.FLOAT, shape: [BATCH] }],
      initializers: [...initializers, flatShape],
    },
  });
}

/**
 * TreeEnsembleRegressor attributes. Node ids per tree: internal node i keeps id i, leaf j gets
 * id (internal count + j). BRANCH_LEQ sends `x <= threshold` to the true (left) child; missing
 * values follow `nodes_missing_value_tracks_true` (1 = left), the learned default direction.
 */
function treeEnsemble(model: GbdtModel): Node['attributes'] {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetWeight: number[] = [];
  model.trees.forEach((tree, t) => {
    const internal = tree.feature.length;
    const id = (child: number): number => (child >= 0 ? child : internal + ~child);
    for (let i = 0; i < internal; i++) {
      treeIds.push(t);
      nodeIds.push(i);
      featureIds.push(tree.feature[i]!);
      modes.push('BRANCH_LEQ');
      values.push(tree.threshold[i]!);
      trueIds.push(id(tree.left[i]!));
      falseIds.push(id(tree.right[i]!));
      missingTrue.push(tree.defaultLeft[i] ? 1 : 0);
    }
    tree.leafValue.forEach((value, j) => {
      treeIds.push(t);
      nodeIds.push(internal + j);
      featureIds.push(0);
      modes.push('LEAF');
      values.push(0);
      trueIds.push(0);
      falseIds.push(0);
      missingTrue.push(0);
      targetTree.push(t);
      targetNode.push(internal + j);
      targetWeight.push(value);
    });
  });
  return {
    n_targets: { int: 1 },
    aggregate_function: { string: 'SUM' },
    post_transform: { string: 'NONE' },
    base_values: { floats: [model.initScore] },
    nodes_treeids: { ints: treeIds },
    nodes_nodeids: { ints: nodeIds },
    nodes_featureids: { ints: featureIds },
    nodes_modes: { strings: modes },
    nodes_values: { floats: values },
    nodes_truenodeids: { ints: trueIds },
    nodes_falsenodeids: { ints: falseIds },
    nodes_missing_value_tracks_true: { ints: missingTrue },
    target_treeids: { ints: targetTree },
    target_nodeids: { ints: targetNode },
    target_ids: { ints: targetTree.map(() => 0) },
    target_weights: { floats: targetWeight },
  };
}
