# A stand-in for the official trackml library (github.com/LAL/trackml-library),
# which is not a Debian package, so that the challenges' loading snippets run
# in the test suite offline. It follows the library's documented interface:
# load_event(prefix, parts), load_dataset(path, skip, nevents, parts) over a
# folder or a zip archive whose event files may sit under a folder, and
# utils.decode_particle_id. The independent checks run the real library.
