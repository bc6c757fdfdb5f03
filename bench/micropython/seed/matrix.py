# The seed project's matrix.py, reconstructed from its document ("MicroPython - Neural
# Network", O. Lenoir, 2021; the original file is not in this repository) for the speed
# baseline in bench/micropython/compare.mjs. What the document shows is kept: Matrix([[...]])
# built from a list of rows, .map(func), str() printing the rows, and the operations its
# equations use: the dot product (.), the element-wise product (x), +, - and the transpose.
# How each is spelled (dot(), *, transpose()) is a guess; every operation builds a new
# Matrix of Python lists, as a pure-Python matrix class does.


class Matrix:
    def __init__(self, mat):
        self.mat = mat
        self.rows = len(mat)
        self.cols = len(mat[0])

    def map(self, func):
        return Matrix([[func(v) for v in row] for row in self.mat])

    def transpose(self):
        return Matrix([list(col) for col in zip(*self.mat)])

    def dot(self, other):
        cols = list(zip(*other.mat))
        return Matrix([[sum(a * b for a, b in zip(row, col)) for col in cols] for row in self.mat])

    def __add__(self, other):
        return Matrix([[a + b for a, b in zip(r, s)] for r, s in zip(self.mat, other.mat)])

    def __sub__(self, other):
        return Matrix([[a - b for a, b in zip(r, s)] for r, s in zip(self.mat, other.mat)])

    def __mul__(self, other):
        if isinstance(other, Matrix):
            return Matrix([[a * b for a, b in zip(r, s)] for r, s in zip(self.mat, other.mat)])
        return Matrix([[a * other for a in row] for row in self.mat])

    def __str__(self):
        return str(self.mat)
