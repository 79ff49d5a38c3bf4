"""Booking a seat in a breakout, or a place on its waitlist, and cancelling it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from participants import breakouts, errors
from participants.models import BreakoutBooking, Registration
from programme.models import Session
from roundtable.formatting import format_slot


def _own_confirmed_registration(request, event_id):
    return get_object_or_404(
        Registration,
        event_id=event_id,
        user=request.user,
        status=Registration.Status.CONFIRMED,
    )


@require_POST
@login_required
def book_breakout(request, session_id):
    # The service locks and reads the session again; the view needs these only.
    session = get_object_or_404(
        Session.objects.only("pk", "event_id", "title"), pk=session_id, live=True
    )
    registration = _own_confirmed_registration(request, session.event_id)
    try:
        booking = breakouts.book_breakout(registration=registration, session=session)
    except errors.BookingError as error:
        messages.error(request, str(error))
    else:
        if booking.status == BreakoutBooking.Status.CONFIRMED:
            messages.success(request, f"You have a seat in “{session.title}”.")
        elif booking.kept_seat is not None:
            kept = booking.kept_seat.session.title
            messages.info(
                request,
                f"“{session.title}” is full: you are number {booking.position} on "
                f"its waitlist. You keep your seat in “{kept}” until a place comes "
                "up; then we swap you over and email you.",
            )
        else:
            messages.info(
                request,
                f"“{session.title}” is full: you are number {booking.position} on "
                "its waitlist. We will email you if a seat becomes free.",
            )
    return redirect(reverse("my_registrations") + "#breakouts")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def cancel_booking(request, pk):
    """GET asks to confirm, naming the breakout and its time; POST cancels."""
    booking = get_object_or_404(
        BreakoutBooking.objects.select_related("session__event"),
        pk=pk,
        registration__user=request.user,
    )
    if request.method == "GET":
        if booking.status == BreakoutBooking.Status.CANCELLED:
            messages.info(request, "This booking is already cancelled.")
            return redirect(reverse("my_registrations") + "#breakouts")
        return render(
            request,
            "participants/cancel_booking.html",
            {
                "booking": booking,
                "session": booking.session,
                "when": format_slot(
                    booking.session.start,
                    booking.session.end,
                    booking.session.event.time_zone,
                ),
            },
        )
    try:
        breakouts.cancel_booking(booking=booking)
    except errors.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Your booking for “{booking.session.title}” is cancelled."
        )
    return redirect(reverse("my_registrations") + "#breakouts")
