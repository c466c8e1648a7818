"""decode_particle_id as the trackml library documents it (a test stand-in)."""

_FIELDS = [
    ("vertex_id", 0xFFF0000000000000, 52),
    ("primary_id", 0x000FFFF000000000, 36),
    ("generation", 0x0000000FFF000000, 24),
    ("secondary_id", 0x0000000000FFF000, 12),
    ("process", 0x0000000000000FFF, 0),
]


def decode_particle_id(data):
    pid = data["particle_id"].values.astype("u8")
    for name, mask, shift in _FIELDS:
        data[name] = (pid & mask) >> shift
    return data
