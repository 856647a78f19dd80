//! `monorepo-backend [--broker HOST:PORT] [--device ID]... [--interval SECONDS] [--offer-firmware VERSION]`
//!
//! Runs the device agent: publishes each device's retained status, then telemetry every
//! interval, carries out commands (`setInterval` changes the interval, `reboot` reports
//! `maintenance` and back to `online`, `identify` logs), and answers the dashboard's
//! requests for a device's current reading. With `--offer-firmware`, it asks the operator
//! (request/reply to the dashboard) to approve a firmware update of each device, and
//! reports `maintenance` and back to `online` for each approved one. Stops on Ctrl-C,
//! after publishing `offline`.

use monorepo_backend::agent::{Agent, AgentOptions};
use monorepo_backend::contract::{ApprovalRequest, CommandKind, DeviceState, MaintenanceAction};
use monorepo_backend::simulation;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How long the agent waits for the operator's decision.
const APPROVAL_TIMEOUT: Duration = Duration::from_secs(300);

struct Args {
    host: String,
    port: u16,
    devices: Vec<String>,
    interval: Duration,
    offer_firmware: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 1883,
        devices: Vec::new(),
        interval: Duration::from_secs(2),
        offer_firmware: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--broker" => {
                let v = value()?;
                let (host, port) = v
                    .rsplit_once(':')
                    .ok_or_else(|| format!("--broker {v}: expected HOST:PORT"))?;
                args.host = host.to_owned();
                args.port = port.parse().map_err(|_| format!("--broker {v}: bad port"))?;
            }
            "--device" => args.devices.push(value()?),
            "--interval" => {
                let v = value()?;
                let secs: u64 = v.parse().map_err(|_| format!("--interval {v}: not a number of seconds"))?;
                args.interval = Duration::from_secs(secs.max(1));
            }
            "--offer-firmware" => args.offer_firmware = Some(value()?),
            "--help" | "-h" => {
                return Err("usage: monorepo-backend [--broker HOST:PORT] [--device ID]... [--interval SECONDS] [--offer-firmware VERSION]".into())
            }
            other => return Err(format!("unknown argument {other}; see --help")),
        }
    }
    if args.devices.is_empty() {
        args.devices.push("sensor-1".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("monorepo-backend: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let options = AgentOptions {
        host: args.host.clone(),
        port: args.port,
        client_id: format!("device-agent-{}", std::process::id()),
    };
    let (mut agent, driver) = Agent::connect(&options);
    let driver = tokio::spawn(driver.run_with(|error| eprintln!("agent: connection: {error}")));
    let started = Instant::now();
    for device in &args.devices {
        agent
            .publish_status(
                device,
                &simulation::status(DeviceState::Online, Duration::ZERO),
            )
            .await?;
    }
    let mut commands = agent.subscribe_commands().await?;

    // The dashboard asks for a device's current reading: the reading number the ticker is at.
    let latest = Arc::new(AtomicU32::new(0));
    let readings = {
        let (latest, devices) = (Arc::clone(&latest), args.devices.clone());
        agent
            .serve_readings(
                move |request| {
                    let device = &request.parameters.device_id;
                    if !devices.contains(device) {
                        return Err(format!("{device} is not a device of this agent"));
                    }
                    println!(
                        "agent: current reading of {device} for {} (trace {})",
                        request.payload.requested_by, request.headers.trace_id
                    );
                    Ok(simulation::reading(
                        latest.load(Ordering::Relaxed),
                        SystemTime::now(),
                    ))
                },
                |error| eprintln!("agent: reading request not answered: {error}"),
            )
            .await?
    };

    // Decisions come back on this channel, so the main loop acts on them.
    let (decided, mut decisions) = tokio::sync::mpsc::unbounded_channel();
    if let Some(firmware) = &args.offer_firmware {
        for device in &args.devices {
            let request = ApprovalRequest {
                action: MaintenanceAction::FirmwareUpdate,
                reason: format!("firmware {firmware} is available"),
                firmware: Some(firmware.clone()),
                extra: Default::default(),
            };
            let (headers, decision) = agent.ask_approval(device, request, APPROVAL_TIMEOUT);
            println!(
                "agent: asked the operator to approve updating {device} (trace {})",
                headers.trace_id
            );
            let (decided, device) = (decided.clone(), device.clone());
            tokio::spawn(async move {
                let _ = decided.send((device, decision.await));
            });
        }
    }
    println!(
        "agent: {} device(s) on {}:{}, telemetry every {:?}",
        args.devices.len(),
        args.host,
        args.port,
        args.interval
    );

    let mut interval = args.interval;
    let mut ticker = tokio::time::interval(interval);
    let mut n = 0u32;
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            _ = ticker.tick() => {
                n += 1;
                latest.store(n, Ordering::Relaxed);
                for device in &args.devices {
                    agent.publish_telemetry(device, &simulation::reading(n, SystemTime::now())).await?;
                }
            }
            received = commands.next() => {
                let Some(received) = received else { break };
                match received {
                    Ok(received) => {
                        let device = received.parameters.device_id.clone();
                        let command = &received.payload;
                        println!(
                            "agent: {:?} for {device} from {} (trace {})",
                            command.command, command.issued_by, received.headers.trace_id
                        );
                        match command.command {
                            CommandKind::SetInterval => {
                                if let Some(secs) = command.interval_seconds {
                                    interval = Duration::from_secs(secs.into());
                                    ticker = tokio::time::interval(interval);
                                }
                            }
                            CommandKind::Reboot => {
                                let up = started.elapsed();
                                agent.publish_status(&device, &simulation::status(DeviceState::Maintenance, up)).await?;
                                agent.publish_status(&device, &simulation::status(DeviceState::Online, Duration::ZERO)).await?;
                            }
                            CommandKind::Identify => println!("agent: {device} blinks its LED"),
                        }
                    }
                    Err(error) => eprintln!("agent: ignored: {error}"),
                }
            }
            Some((device, decision)) = decisions.recv() => match decision {
                Ok(decision) if decision.approved => {
                    println!("agent: {} approved the update of {device}", decision.decided_by);
                    let up = started.elapsed();
                    agent.publish_status(&device, &simulation::status(DeviceState::Maintenance, up)).await?;
                    agent.publish_status(&device, &simulation::status(DeviceState::Online, Duration::ZERO)).await?;
                }
                Ok(decision) => println!("agent: {} declined the update of {device}", decision.decided_by),
                Err(error) => eprintln!("agent: no approval for {device}: {error}"),
            },
        }
    }
    readings.stop().await?;
    let up = started.elapsed();
    for device in &args.devices {
        agent
            .publish_status(device, &simulation::status(DeviceState::Offline, up))
            .await?;
    }
    // Every status above was acknowledged; DISCONNECT ends the driver.
    agent.client().disconnect().await?;
    let _ = tokio::time::timeout(Duration::from_secs(2), driver).await;
    Ok(())
}
