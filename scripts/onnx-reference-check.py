"""Loads a Lode model.onnx the way third-party clients do and scores rows with it (test helper).

Reads a JSON request on stdin: {"model": path, "columns": {name: [values]}, "output": name}.
Runs onnx.checker on the model, then feeds the columns as MLflow's ONNX pyfunc does (a pandas
DataFrame passed as {name: df[name].values}, float64 cast to float32, missing text as ''), and
prints {"opsets": ..., "outputs": [...]} as JSON.
"""

import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd


def main():
    request = json.load(sys.stdin)
    model = onnx.load(request["model"])
    onnx.checker.check_model(model, full_check=True)
    frame = pd.DataFrame(request["columns"])
    session = ort.InferenceSession(request["model"], providers=["CPUExecutionProvider"])
    feeds = {}
    for spec in session.get_inputs():
        values = frame[spec.name].values
        if spec.type == "tensor(string)":
            feeds[spec.name] = np.array(["" if v is None else str(v) for v in values], dtype=object)
        else:
            feeds[spec.name] = np.asarray(values, dtype=np.float64).astype(np.float32)
    (result,) = session.run([request["output"]], feeds)
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    print(json.dumps({"opsets": opsets, "shape": list(result.shape), "outputs": [float(v) for v in result.reshape(-1)]}))


if __name__ == "__main__":
    main()
