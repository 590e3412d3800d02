export declare const LARGE_MODEL_INPUTS: number;
export declare function largeMatMulModel(approxBytes: number): { bytes: Uint8Array; inputs: number; outputs: number };
