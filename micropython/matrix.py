# matrix.py: the seed project's Matrix, for microdff's neuralnetwork.py.
#
#     from matrix import Matrix
#     a = Matrix([[0, 0, 1]])
#     a.map(round), a.shape, a.mat, a.transpose(), a.dot(b), a * 2, a + b, a - b
#
# A Matrix keeps the values it was given as they are (ints stay ints), so the seed's
# check `str(p.map(round)) == str(s.map(short))` compares like with like. It is the
# interface, not the hot path: DFF copies each row into its own float32 arrays.


class Matrix:
    """A rectangular table of numbers, one list per row."""

    def __init__(self, mat):
        rows = [list(row) for row in mat]
        if not rows or not rows[0]:
            raise ValueError('Matrix: needs at least one row and one column')
        cols = len(rows[0])
        for r, row in enumerate(rows):
            if len(row) != cols:
                raise ValueError('Matrix: row {} has {} values, row 0 has {}'.format(r, len(row), cols))
        self.mat = rows

    @property
    def shape(self):
        return len(self.mat), len(self.mat[0])

    def map(self, func):
        """A new Matrix of func(value) for every value."""
        return Matrix([[func(v) for v in row] for row in self.mat])

    def transpose(self):
        return Matrix([list(col) for col in zip(*self.mat)])

    def dot(self, other):
        """Matrix product self . other."""
        if len(self.mat[0]) != len(other.mat):
            raise ValueError('Matrix.dot: {}x{} . {}x{}'.format(*(self.shape + other.shape)))
        cols = list(zip(*other.mat))
        return Matrix([[sum(a * b for a, b in zip(row, col)) for col in cols] for row in self.mat])

    def _zip(self, other, op):
        if not isinstance(other, Matrix):
            return Matrix([[op(a, other) for a in row] for row in self.mat])
        if self.shape != other.shape:
            raise ValueError('Matrix: shapes {}x{} and {}x{} differ'.format(*(self.shape + other.shape)))
        return Matrix([[op(a, b) for a, b in zip(r, s)] for r, s in zip(self.mat, other.mat)])

    def __add__(self, other):
        return self._zip(other, lambda a, b: a + b)

    def __sub__(self, other):
        return self._zip(other, lambda a, b: a - b)

    def __mul__(self, other):
        """Element-wise product (the seed's x), or every value times a number."""
        return self._zip(other, lambda a, b: a * b)

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.mat == other.mat

    def __len__(self):
        return len(self.mat)

    def __iter__(self):
        return iter(self.mat)

    def __getitem__(self, index):
        if isinstance(index, tuple):
            return self.mat[index[0]][index[1]]
        return self.mat[index]

    def tolist(self):
        return [list(row) for row in self.mat]

    def __str__(self):
        return str(self.mat)

    def __repr__(self):
        return 'Matrix({})'.format(self.mat)
