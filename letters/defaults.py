"""The text a document has when no template is published for it.

The data migration 0002 makes the site-wide templates from the same text, so
organisers start from something to edit.
"""

VISA_LETTER_TITLE = "Letter of invitation in support of a visa application"
VISA_LETTER_BODY = (
    "<p>To whom it may concern,</p>"
    "<p>This letter confirms that <b>{name}</b> ({position}, {organisation}) is "
    "invited to take part in <b>{event}</b>, an invitation-only policy "
    "roundtable held on {dates} at {venue}. They have registered to attend on "
    "{days_registered}.</p>"
    "<p>We would be grateful for any assistance you can give them in obtaining "
    "a visa to attend. This letter does not commit the organisers to meet any "
    "costs of their travel or stay.</p>"
    "<p>Yours faithfully,</p>"
    "<p>The organisers</p>"
)

CERTIFICATE_TITLE = "Certificate of attendance"
CERTIFICATE_BODY = (
    "<p>This is to certify that</p>"
    "<p><b>{name}</b></p>"
    "<p>attended <b>{event}</b>, held on {dates} at {venue}, on {days_attended}.</p>"
)
