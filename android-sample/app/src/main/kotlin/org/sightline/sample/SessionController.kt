package org.sightline.sample

import android.content.Context
import android.content.pm.PackageManager
import android.net.ConnectivityManager
import android.net.Network
import android.net.NetworkCapabilities
import android.os.Build
import android.util.Log
import androidx.lifecycle.LifecycleOwner
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import org.sightline.sdk.AudioStatus
import org.sightline.sdk.ChatListener
import org.sightline.sdk.ChatMessage
import org.sightline.sdk.ConnectionEvent
import org.sightline.sdk.DeviceInfo
import org.sightline.sdk.FreezeListener
import org.sightline.sdk.NetworkType
import org.sightline.sdk.OverlayAnnotation
import org.sightline.sdk.OverlayListener
import org.sightline.sdk.ScanResult
import org.sightline.sdk.SdkException
import org.sightline.sdk.SessionConfig
import org.sightline.sdk.SessionListener
import org.sightline.sdk.SessionState
import org.sightline.sdk.SightlineSession
import org.sightline.sdk.Subscription

/**
 * One customer session: joins with the CameraX camera (describing the phone from [Build]),
 * asks the customer's consent before anything is streamed, streams its frames, shows the
 * state, the technicians' annotations, freeze, scanned codes and chat on [screen], pauses and
 * resumes the video, tells the SDK the phone's network (from [ConnectivityManager]) and when
 * it changes, and calls [onEnded] with what to tell the customer when it is over.
 */
class SessionController(
    private val context: Context,
    owner: LifecycleOwner,
    private val screen: SessionScreen,
    private val onEnded: (String) -> Unit,
) {
    private val camera = CameraXCamera(context, owner, screen.preview)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Main)
    private val connectivity = context.getSystemService(ConnectivityManager::class.java)
    private var session: SightlineSession? = null
    private var subscriptions: List<Subscription> = emptyList()
    private var finished = false

    private val listener = object : SessionListener {
        override fun onStateChanged(state: SessionState) = postToMain {
            screen.showState(describe(state))
            if (state is SessionState.Ended) finish(describe(state.reason))
        }

        override fun onConnectionEvent(event: ConnectionEvent) = postToMain {
            when (event) {
                is ConnectionEvent.RecordingChanged -> screen.showRecording(event.recording)
                is ConnectionEvent.ViewersChanged -> if (event.count > 0u) screen.showViewers(event.count)
                is ConnectionEvent.ServerError -> Log.w(TAG, "the server refused ${event.code}: ${event.message}")
                else -> Log.d(TAG, "connection: $event")
            }
        }

        override fun onAudioStatus(status: AudioStatus) = postToMain { screen.showAudio(status) }

        override fun onCodesFound(codes: List<ScanResult>) = postToMain { screen.showScans(codes) }
    }

    /** The technicians' annotations: the screen redraws the SDK's model after every change. */
    private val overlay = object : OverlayListener {
        override fun onAnnotationAdded(annotation: OverlayAnnotation) = redraw()
        override fun onAnnotationRemoved(id: String) = redraw()
        override fun onAnnotationsCleared() = redraw()

        private fun redraw() {
            val marks = session?.annotations() ?: return
            postToMain { screen.showMarks(marks) }
        }
    }

    private val freeze = object : FreezeListener {
        override fun onFreezeChanged(frozen: Boolean) = postToMain { screen.showFrozen(frozen) }
    }

    private val chat = object : ChatListener {
        override fun onChatMessage(message: ChatMessage) = postToMain { screen.addChat(message) }
    }

    /** The phone's network: its kind goes to the technicians, a move to another one reconnects at once. */
    private val networks = object : ConnectivityManager.NetworkCallback() {
        private var current: Network? = null
        private var reported: NetworkType? = null

        override fun onAvailable(network: Network) {
            val previous = current
            current = network
            if (previous != null && previous != network) session?.networkChanged()
        }

        override fun onCapabilitiesChanged(network: Network, capabilities: NetworkCapabilities) {
            val type = networkType(capabilities)
            if (type == reported) return
            reported = type
            session?.setNetwork(type)
        }
    }

    init {
        camera.onPictureSize = { size -> postToMain { screen.setPictureSize(size) } }
    }

    /**
     * Joins [target] without streaming: the technicians see that the customer has not agreed
     * yet, and the screen asks. Agreeing streams, declining ends the session.
     */
    fun join(target: JoinTarget) {
        scope.launch {
            val config = SessionConfig(
                serverUrl = target.serverUrl,
                code = target.code,
                device = DeviceInfo(
                    model = "${Build.MANUFACTURER} ${Build.MODEL}",
                    os = "Android",
                    osVersion = Build.VERSION.RELEASE,
                    appName = context.packageName,
                    appVersion = appVersion(),
                ),
                network = connectivity.getNetworkCapabilities(connectivity.activeNetwork)?.let(::networkType),
                consentRequired = true,
            )
            val joined = try {
                SightlineSession.join(config, camera, listener)
            } catch (error: SdkException) {
                finish(describe(error))
                return@launch
            }
            session = joined
            camera.frameSink = { frame -> joined.pushFrame(frame) }
            subscriptions = listOf(joined.subscribeOverlay(overlay), joined.subscribeFreeze(freeze), joined.subscribeChat(chat))
            screen.showMarks(joined.annotations())
            screen.showFrozen(joined.isFrozen())
            joined.chatMessages().forEach(screen::addChat)
            connectivity.registerDefaultNetworkCallback(networks)
            screen.askConsent(target, onAgree = { call { joined.consent() } }, onDecline = { end() })
        }
    }

    /** Sends a chat line to the technicians; it shows once the server stored it. */
    fun send(text: String) {
        val session = session ?: return
        call { session.sendChat(text) }
    }

    /** The customer's "Pause video" ([paused]) or "Resume video". */
    fun pause(paused: Boolean) {
        val session = session ?: return
        call { if (paused) session.pauseVideo() else session.resumeVideo() }
        screen.showPaused(paused)
    }

    /** The customer's "End": the session ends for everyone; [onEnded] follows from the SDK. */
    fun end() {
        val session = session
        if (session == null) finish(describe(org.sightline.sdk.EndReason.CustomerEnded)) else session.end()
    }

    /** Frees everything (the activity is going away); ends a session still running. */
    fun close() {
        finished = true
        release()
    }

    /** Runs a call the SDK may refuse (the session ended meanwhile, a chat text too long). */
    private fun call(block: () -> Unit) {
        try {
            block()
        } catch (refused: SdkException) {
            Log.w(TAG, "the SDK refused: ${refused.message}")
        }
    }

    private fun appVersion(): String = runCatching {
        val packages = context.packageManager
        val info = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            packages.getPackageInfo(context.packageName, PackageManager.PackageInfoFlags.of(0))
        } else {
            @Suppress("DEPRECATION")
            packages.getPackageInfo(context.packageName, 0)
        }
        info.versionName
    }.getOrNull() ?: "unknown"

    private fun finish(message: String) {
        if (finished) return
        finished = true
        release()
        onEnded(message)
    }

    private fun release() {
        scope.cancel()
        camera.frameSink = null
        subscriptions.forEach { it.close() }
        subscriptions = emptyList()
        session?.let {
            runCatching { connectivity.unregisterNetworkCallback(networks) }
            if (it.state() !is SessionState.Ended) it.end()
            it.close()
        }
        session = null
        camera.close()
    }

    private companion object {
        const val TAG = "SightlineSession"

        fun networkType(capabilities: NetworkCapabilities): NetworkType = when {
            capabilities.hasTransport(NetworkCapabilities.TRANSPORT_WIFI) -> NetworkType.WIFI
            capabilities.hasTransport(NetworkCapabilities.TRANSPORT_CELLULAR) -> NetworkType.CELLULAR
            capabilities.hasTransport(NetworkCapabilities.TRANSPORT_ETHERNET) -> NetworkType.ETHERNET
            else -> NetworkType.UNKNOWN
        }
    }
}
