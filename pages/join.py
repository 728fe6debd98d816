"""Join a live workshop from a phone: /join?w=<join token> (the QR code on the projector). See coopdata.ui.live."""

from coopdata.ui import data
from coopdata.ui import live as live_ui

live_ui.join_page(data.dataset_or_stop())
