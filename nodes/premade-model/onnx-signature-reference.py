"""Independent reading of an ONNX file's signature for the tests: a protobuf wire-format walk over
the field numbers of onnx/onnx.proto, written without the code under test (no onnx package here).
Prints JSON: inputs/outputs (name, elem type number, dims), ir version, opsets, producer, doc, metadata."""
import json
import sys


def varint(b, i):
    shift = value = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(b):
    i, out = 0, []
    while i < len(b):
        key, i = varint(b, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(b, i)
        elif wire == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif wire == 5:
            v, i = b[i:i + 4], i + 4
        elif wire == 1:
            v, i = b[i:i + 8], i + 8
        else:
            raise ValueError('wire type %d' % wire)
        out.append((num, v))
    return out


def first(fs, num, default=None):
    return next((v for n, v in fs if n == num), default)


def text(v):
    return v.decode('utf-8') if v is not None else ''


def value_info(b):
    fs = fields(b)
    tensor = fields(first(fields(first(fs, 2, b'')), 1, b''))
    dims = []
    for n, d in fields(first(tensor, 2, b'')):
        if n == 1:
            df = fields(d)
            dims.append(first(df, 1) if first(df, 1) is not None else (text(first(df, 2)) or None))
    return {'name': text(first(fs, 1)), 'elem': first(tensor, 1, 0), 'dims': dims}


model = fields(open(sys.argv[1], 'rb').read())
graph = fields(first(model, 7))
weights = {text(first(fields(v), 8)) for n, v in graph if n == 5}
print(json.dumps({
    'inputs': [vi for vi in (value_info(v) for n, v in graph if n == 11) if vi['name'] not in weights],
    'outputs': [value_info(v) for n, v in graph if n == 12],
    'ir_version': first(model, 1),
    'opsets': [[text(first(fields(v), 1)), first(fields(v), 2)] for n, v in model if n == 8],
    'producer': [text(first(model, 2)), text(first(model, 3))],
    'doc': text(first(model, 6)),
    'metadata': {text(first(fields(v), 1)): text(first(fields(v), 2)) for n, v in model if n == 14},
}))
