//! `monorepo-backend [--broker HOST:PORT] [--device ID]... [--interval SECONDS]`
//!
//! Runs the device agent: publishes each device's retained status, then telemetry every
//! interval, and carries out commands (`setInterval` changes the interval, `reboot`
//! reports `maintenance` and back to `online`, `identify` logs). Stops on Ctrl-C, after
//! publishing `offline`.

use monorepo_backend::agent::{Agent, AgentOptions};
use monorepo_backend::contract::{CommandKind, DeviceState};
use monorepo_backend::simulation;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

struct Args {
    host: String,
    port: u16,
    devices: Vec<String>,
    interval: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 1883,
        devices: Vec::new(),
        interval: Duration::from_secs(2),
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
            "--help" | "-h" => {
                return Err("usage: monorepo-backend [--broker HOST:PORT] [--device ID]... [--interval SECONDS]".into())
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
        }
    }
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
