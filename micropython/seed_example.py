# The example of "MicroPython - Neural Network" (O. Lenoir, 2021), section 2.1, as the
# document prints it, running on microdff's library: copy matrix.py, neuralnetwork.py, the
# dff_*.py files and this file to the board, then `import seed_example`.
# (The document's listing has one stray line, "[Matrix([[1, 0]])]]," after the last pair, which
# Python rejects; it is left out.)
from matrix import Matrix
import neuralnetwork as nn
# Create neural network with an input layer of 3, an hidden layer of 4
# and an output layer of 2 by default the activation function is sigmoid()
# but a ReLU also exist as relu()
ann = nn.DFF((3, 4, 2))

training_set = [
    [Matrix([[0, 0, 0]]), Matrix([[1, 0]])],
    [Matrix([[0, 0, 1]]), Matrix([[0, 1]])],
    [Matrix([[0, 1, 1]]), Matrix([[0, 1]])],
    [Matrix([[0, 1, 0]]), Matrix([[1, 0]])],
    [Matrix([[1, 1, 0]]), Matrix([[0, 1]])],
    [Matrix([[1, 1, 1]]), Matrix([[1, 0]])],
    [Matrix([[1, 0, 1]]), Matrix([[0, 1]])],
    [Matrix([[1, 0, 0]]), Matrix([[1, 0]])],
]

print('Learning progress')
for i in range(1000):
    for a, s in training_set:
        ann.train(a, s, lrate=1)
    if i % 10 == 0:
        print('.', end='')

def short(a):
    return round(a, 3)

print('=' * 20)
score = True
for a, s in training_set:
    p = ann.predict(a)
    scr = str(p.map(round)) == str(s.map(short))
    print(a.map(short), p.map(short), p.map(round), s.map(short), scr)
    score &= scr
print('Good_learning?', score)

print('=' * 20)
print('Rounded_weights')
for i, w in enumerate(ann.weights):
    print('W{}'.format(i), w.map(round))
