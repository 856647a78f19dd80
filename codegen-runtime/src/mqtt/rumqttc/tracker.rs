//! Which request an acknowledgement settles.
//!
//! rumqttc 0.25 does not tell a caller when the broker acknowledged its publish: the client
//! returns once the request is in the event loop's channel, and the event loop reports
//! `Outgoing::Publish(packet id)` when it writes the packet and `Incoming::PubAck(packet
//! id)` when the broker answers. The event loop takes requests from the channel one at a
//! time, in order, and reports each as it writes it. So if every request goes into the
//! channel through [`super::Client`] (which records it here, in the same order, under one
//! lock), the n-th outgoing event is the n-th recorded request: that gives the packet id,
//! and the packet id gives the acknowledgement.
//!
//! - QoS 0 publishes settle when written; QoS 1 on PUBACK, QoS 2 on PUBCOMP; a failure
//!   reason code (PUBACK/PUBREC/PUBCOMP ≥ 0x80) rejects.
//! - SUBSCRIBE settles on SUBACK, UNSUBSCRIBE on UNSUBACK, DISCONNECT when written.
//! - A lost connection rejects every publish not yet acknowledged, and every subscribe or
//!   unsubscribe already written; the driver removes those publishes from rumqttc's resend
//!   queue, so a rejected publish is never sent later behind the caller's back.

use super::protocol::Sent;
use std::collections::{HashMap, VecDeque};
use tokio::sync::{oneshot, OwnedSemaphorePermit};

/// Why a request was not settled successfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The broker answered with a failure reason code.
    Refused(String),
    /// The connection was lost (or could not be made) before the acknowledgement.
    Disconnected(String),
    /// The driver stopped (client disconnected, every handle dropped, or the driver dropped).
    Closed,
}

pub(crate) type Done = oneshot::Sender<Result<(), Failure>>;

/// A request in rumqttc's channel or in flight.
#[derive(Debug)]
pub(crate) struct Waiting {
    pub kind: Sent,
    /// 0, 1 or 2 for a publish.
    pub qos: u8,
    pub done: Done,
    /// The in-flight slot of a QoS 1/2 publish, freed when the record is settled (dropped).
    pub _slot: Option<OwnedSemaphorePermit>,
}

impl Waiting {
    fn settle(self, result: Result<(), Failure>) {
        // The caller may have stopped waiting (dropped future); nothing to tell then.
        let _ = self.done.send(result);
    }
}

/// The requests the client handed to rumqttc and not yet settled.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    /// In rumqttc's channel (or its resend queue), in order.
    queue: VecDeque<Waiting>,
    /// QoS 1 and 2 publishes written, by packet id.
    publishes: HashMap<u16, Waiting>,
    /// QoS 2 publishes the broker has received (PUBREC), awaiting PUBCOMP.
    released: HashMap<u16, Waiting>,
    subscribes: HashMap<u16, Waiting>,
    unsubscribes: HashMap<u16, Waiting>,
    /// A publish the event loop holds back because its packet id is still in flight.
    collided: Option<(u16, Waiting)>,
    /// Set once the driver is gone: nothing will be settled any more.
    pub closed: bool,
}

impl Tracker {
    /// Records a request just handed to rumqttc's channel.
    pub fn push(&mut self, waiting: Waiting) {
        self.queue.push_back(waiting);
    }

    /// The event loop wrote the next request of the channel.
    pub fn sent(&mut self, kind: Sent, pkid: u16) {
        if let Some((held, _)) = &self.collided {
            // A held-back publish goes out once its packet id is free: it was taken from
            // the channel earlier (as `AwaitAck`), so it is not the queue's front.
            if kind == Sent::Publish && *held == pkid && !self.publishes.contains_key(&pkid) {
                let (_, waiting) = self.collided.take().expect("checked");
                self.publishes.insert(pkid, waiting);
                return;
            }
        }
        let Some(front) = self.queue.front() else {
            return;
        };
        if front.kind != kind {
            // Not a request of ours (cannot happen while all requests go through the
            // client); leave the queue as it is rather than settle the wrong one.
            return;
        }
        let waiting = self.queue.pop_front().expect("checked");
        match kind {
            Sent::Publish if waiting.qos == 0 => waiting.settle(Ok(())),
            Sent::Publish => {
                self.publishes.insert(pkid, waiting);
            }
            Sent::Subscribe => {
                self.subscribes.insert(pkid, waiting);
            }
            Sent::Unsubscribe => {
                self.unsubscribes.insert(pkid, waiting);
            }
            Sent::Disconnect => waiting.settle(Ok(())),
        }
    }

    /// The event loop took the next publish but holds it back (packet id collision).
    pub fn await_ack(&mut self, pkid: u16) {
        if self.queue.front().is_some_and(|w| w.kind == Sent::Publish) {
            let waiting = self.queue.pop_front().expect("checked");
            self.collided = Some((pkid, waiting));
        }
    }

    pub fn puback(&mut self, pkid: u16, failure: Option<String>) {
        if let Some(waiting) = self.publishes.remove(&pkid) {
            waiting.settle(failure.map_or(Ok(()), |r| Err(Failure::Refused(r))));
        }
    }

    pub fn pubrec(&mut self, pkid: u16, failure: Option<String>) {
        if let Some(waiting) = self.publishes.remove(&pkid) {
            match failure {
                Some(reason) => waiting.settle(Err(Failure::Refused(reason))),
                None => {
                    self.released.insert(pkid, waiting);
                }
            }
        }
    }

    pub fn pubcomp(&mut self, pkid: u16, failure: Option<String>) {
        if let Some(waiting) = self.released.remove(&pkid) {
            waiting.settle(failure.map_or(Ok(()), |r| Err(Failure::Refused(r))));
        }
    }

    pub fn suback(&mut self, pkid: u16, failure: Option<String>) {
        if let Some(waiting) = self.subscribes.remove(&pkid) {
            waiting.settle(failure.map_or(Ok(()), |r| Err(Failure::Refused(r))));
        }
    }

    pub fn unsuback(&mut self, pkid: u16, failure: Option<String>) {
        if let Some(waiting) = self.unsubscribes.remove(&pkid) {
            waiting.settle(failure.map_or(Ok(()), |r| Err(Failure::Refused(r))));
        }
    }

    /// The connection is gone (the driver has removed the publishes and DISCONNECTs from
    /// rumqttc's queues). Returns true when a DISCONNECT was queued: the user asked to stop.
    pub fn connection_lost(&mut self, reason: &str) -> bool {
        let lost = || Err(Failure::Disconnected(reason.to_owned()));
        let mut disconnect_asked = false;
        let queue = std::mem::take(&mut self.queue);
        for waiting in queue {
            match waiting.kind {
                Sent::Publish => waiting.settle(lost()),
                Sent::Disconnect => {
                    disconnect_asked = true;
                    waiting.settle(Ok(()));
                }
                // Still queued in rumqttc: sent on the next connection.
                Sent::Subscribe | Sent::Unsubscribe => self.queue.push_back(waiting),
            }
        }
        let in_flight = self
            .publishes
            .drain()
            .chain(self.released.drain())
            .chain(self.subscribes.drain())
            .chain(self.unsubscribes.drain())
            .chain(self.collided.take());
        for (_, waiting) in in_flight {
            waiting.settle(lost());
        }
        disconnect_asked
    }

    /// The driver is gone: settles everything with [`Failure::Closed`].
    pub fn close(&mut self) {
        self.closed = true;
        let everything = self
            .queue
            .drain(..)
            .chain(self.publishes.drain().map(|(_, w)| w))
            .chain(self.released.drain().map(|(_, w)| w))
            .chain(self.subscribes.drain().map(|(_, w)| w))
            .chain(self.unsubscribes.drain().map(|(_, w)| w))
            .chain(self.collided.take().map(|(_, w)| w));
        for waiting in everything {
            waiting.settle(Err(Failure::Closed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot::error::TryRecvError;

    type Answer = oneshot::Receiver<Result<(), Failure>>;

    fn push(tracker: &mut Tracker, kind: Sent, qos: u8) -> Answer {
        let (done, answer) = oneshot::channel();
        tracker.push(Waiting {
            kind,
            qos,
            done,
            _slot: None,
        });
        answer
    }

    fn pending(answer: &mut Answer) -> bool {
        matches!(answer.try_recv(), Err(TryRecvError::Empty))
    }

    #[test]
    fn each_publish_settles_on_its_own_acknowledgement() {
        let mut t = Tracker::default();
        let mut q0 = push(&mut t, Sent::Publish, 0);
        let mut q1 = push(&mut t, Sent::Publish, 1);
        let mut q2 = push(&mut t, Sent::Publish, 2);
        let mut other = push(&mut t, Sent::Publish, 1);
        t.sent(Sent::Publish, 0);
        assert_eq!(q0.try_recv().unwrap(), Ok(()), "QoS 0: once written");
        t.sent(Sent::Publish, 1);
        t.sent(Sent::Publish, 2);
        t.sent(Sent::Publish, 3);
        assert!(pending(&mut q1) && pending(&mut q2) && pending(&mut other));
        t.puback(3, None);
        assert_eq!(other.try_recv().unwrap(), Ok(()));
        assert!(pending(&mut q1));
        t.pubrec(2, None);
        assert!(pending(&mut q2), "QoS 2 waits for PUBCOMP, not PUBREC");
        t.pubcomp(2, None);
        assert_eq!(q2.try_recv().unwrap(), Ok(()));
        t.puback(1, Some("NotAuthorized".into()));
        assert_eq!(
            q1.try_recv().unwrap(),
            Err(Failure::Refused("NotAuthorized".into()))
        );
    }

    #[test]
    fn subscribes_and_publishes_share_the_order() {
        let mut t = Tracker::default();
        let mut sub = push(&mut t, Sent::Subscribe, 1);
        let mut publish = push(&mut t, Sent::Publish, 1);
        t.sent(Sent::Subscribe, 1);
        t.sent(Sent::Publish, 2);
        t.suback(1, Some("Failure".into()));
        assert_eq!(
            sub.try_recv().unwrap(),
            Err(Failure::Refused("Failure".into()))
        );
        t.puback(1, None);
        assert!(pending(&mut publish), "packet id 1 was the subscribe's");
        t.puback(2, None);
        assert_eq!(publish.try_recv().unwrap(), Ok(()));
    }

    #[test]
    fn a_held_back_publish_settles_after_it_is_written() {
        let mut t = Tracker::default();
        let mut first = push(&mut t, Sent::Publish, 1);
        let mut second = push(&mut t, Sent::Publish, 1);
        t.sent(Sent::Publish, 1);
        t.await_ack(1);
        t.puback(1, None);
        assert_eq!(first.try_recv().unwrap(), Ok(()));
        assert!(pending(&mut second));
        t.sent(Sent::Publish, 1);
        t.puback(1, None);
        assert_eq!(second.try_recv().unwrap(), Ok(()));
    }

    #[test]
    fn a_lost_connection_rejects_publishes_and_keeps_queued_subscribes() {
        let mut t = Tracker::default();
        let mut written = push(&mut t, Sent::Publish, 1);
        let mut queued = push(&mut t, Sent::Publish, 0);
        let mut sub = push(&mut t, Sent::Subscribe, 0);
        let mut bye = push(&mut t, Sent::Disconnect, 0);
        t.sent(Sent::Publish, 1);
        assert!(t.connection_lost("refused"));
        let lost = Err(Failure::Disconnected("refused".into()));
        assert_eq!(written.try_recv().unwrap(), lost);
        assert_eq!(queued.try_recv().unwrap(), lost);
        assert_eq!(bye.try_recv().unwrap(), Ok(()));
        assert!(pending(&mut sub));
        t.sent(Sent::Subscribe, 2);
        t.suback(2, None);
        assert_eq!(sub.try_recv().unwrap(), Ok(()));
        let mut late = push(&mut t, Sent::Publish, 1);
        t.close();
        assert_eq!(late.try_recv().unwrap(), Err(Failure::Closed));
        assert!(t.closed);
    }
}
