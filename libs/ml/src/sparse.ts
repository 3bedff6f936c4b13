/**
 * A sparse matrix in compressed sparse row (CSR) layout: row `i` holds the columns
 * `indices[indptr[i] .. indptr[i+1])` with the matching `values`.
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Builds a {@link CsrMatrix} row by row in growable typed arrays (no per-entry objects). */
export class CsrBuilder {
  private indptr: number[] = [0];
  private indices = new Int32Array(1024);
  private values = new Float32Array(1024);
  private nnz = 0;
  private maxColumn = -1;

  /** Appends a row; `columns` and `values` have the same length. Duplicate columns are kept as given. */
  addRow(columns: ArrayLike<number>, values: ArrayLike<number>): void {
    const needed = this.nnz + columns.length;
    if (needed > this.indices.length) {
      let size = this.indices.length;
      while (size < needed) size *= 2;
      const indices = new Int32Array(size);
      indices.set(this.indices.subarray(0, this.nnz));
      const vals = new Float32Array(size);
      vals.set(this.values.subarray(0, this.nnz));
      this.indices = indices;
      this.values = vals;
    }
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k];
      if (column > this.maxColumn) this.maxColumn = column;
      this.indices[this.nnz] = column;
      this.values[this.nnz] = values[k];
      this.nnz++;
    }
    this.indptr.push(this.nnz);
  }

  /** The matrix; `cols` defaults to the largest column seen plus one. */
  build(cols?: number): CsrMatrix {
    return {
      rows: this.indptr.length - 1,
      cols: cols ?? this.maxColumn + 1,
      indptr: Int32Array.from(this.indptr),
      indices: this.indices.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }
}

/** The dot product of row `row` of `matrix`, with columns scaled by `scale` when given, and `weights`. */
export function rowDot(
  matrix: CsrMatrix,
  row: number,
  weights: ArrayLike<number>,
  scale?: ArrayLike<number>,
): number {
  let sum = 0;
  const end = matrix.indptr[row + 1];
  if (scale) {
    for (let k = matrix.indptr[row]; k < end; k++) {
      const column = matrix.indices[k];
      sum += matrix.values[k] * scale[column] * weights[column];
    }
  } else {
    for (let k = matrix.indptr[row]; k < end; k++)
      sum += matrix.values[k] * weights[matrix.indices[k]];
  }
  return sum;
}

/** The rows of `matrix` listed in `rows`, in that order. */
export function selectRows(matrix: CsrMatrix, rows: ArrayLike<number>): CsrMatrix {
  let nnz = 0;
  for (let i = 0; i < rows.length; i++) nnz += matrix.indptr[rows[i] + 1] - matrix.indptr[rows[i]];
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const start = matrix.indptr[rows[i]];
    const end = matrix.indptr[rows[i] + 1];
    indices.set(matrix.indices.subarray(start, end), at);
    values.set(matrix.values.subarray(start, end), at);
    at += end - start;
    indptr[i + 1] = at;
  }
  return { rows: rows.length, cols: matrix.cols, indptr, indices, values };
}
